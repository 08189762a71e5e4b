namespace SparsePlugins.Darcy;

/// <summary>
/// Solves kappa^-1 u + grad p = 0, div u = f on the unit square with lowest-order Raviart-Thomas velocities
/// (consistent mass matrix) and piecewise-constant pressures; u.n = 0 on y = 0 and y = 1, p = pL on x = 0 and
/// p = pR on x = 1. One instance holds every work array for its grid, so a solve allocates nothing; it is not
/// thread-safe (use one per thread).
/// </summary>
/// <remarks>
/// With the mass matrix A (divided by h), the signed face-cell incidence B and the Dirichlet data g the system is
/// A u - B^T p = g, B u = h f. On a uniform grid with per-cell kappa, A splits into independent tridiagonal blocks,
/// one per grid line (x-faces of a row, y-faces of a column), so A^-1 is applied exactly by Thomas sweeps. The
/// pressure Schur complement S = B A^-1 B^T is solved by conjugate gradients preconditioned with the two-point
/// (lumped-mass) pressure matrix M = B D^-1 B^T, D = row sums of A, factored by a band Cholesky. Element by element
/// D/3 &lt;= A &lt;= D, hence M &lt;= S &lt;= 3 M whatever the permeability: cond(M^-1 S) &lt;= 3 and CG converges
/// in a few tens of iterations at most, independent of N and of the contrast. Then u = A^-1 (g + B^T p), and a
/// final two-point correction makes every cell conserve mass to round-off.
/// </remarks>
public sealed class RT0Solver
{
    private readonly DarcyGrid _grid;
    private readonly int _n;
    private readonly double _h;
    private readonly int _xFaces;

    // LDL^T factors of the line blocks of A, indexed like the velocity vector: multiplier to the previous face of
    // the same line, and the inverse pivot.
    private readonly double[] _lineMultiplier;
    private readonly double[] _lineInversePivot;
    private readonly double[] _inverseKappa;
    private readonly double[] _inverseLumpedMass;
    private readonly BandCholesky _preconditioner;

    private readonly double[] _faceWork;
    private readonly double[] _dirichletResponse;
    private readonly double[] _rhs;
    private readonly double[] _residual;
    private readonly double[] _preconditioned;
    private readonly double[] _direction;
    private readonly double[] _schurDirection;

    public RT0Solver(DarcyGrid grid, double source = 1.0, double pressureLeft = 1.0, double pressureRight = 0.0)
    {
        _grid = grid;
        _n = grid.N;
        _h = grid.H;
        _xFaces = grid.XFaceCount;
        Source = source;
        PressureLeft = pressureLeft;
        PressureRight = pressureRight;

        _lineMultiplier = new double[grid.VelocityLength];
        _lineInversePivot = new double[grid.VelocityLength];
        _inverseKappa = new double[grid.CellCount];
        _inverseLumpedMass = new double[grid.VelocityLength];
        _preconditioner = new BandCholesky(grid.CellCount, _n);
        _faceWork = new double[grid.VelocityLength];
        _dirichletResponse = new double[grid.VelocityLength];
        _rhs = new double[grid.CellCount];
        _residual = new double[grid.CellCount];
        _preconditioned = new double[grid.CellCount];
        _direction = new double[grid.CellCount];
        _schurDirection = new double[grid.CellCount];
    }

    public DarcyGrid Grid => _grid;

    /// <summary>Constant source f used when a solve is given no per-cell source.</summary>
    public double Source { get; }

    public double PressureLeft { get; }

    public double PressureRight { get; }

    /// <summary>CG stops when ||r||_2 &lt;= Tolerance ||b||_2 on the pressure Schur system.</summary>
    public double Tolerance { get; set; } = 1e-12;

    public int MaxIterations { get; set; } = 200;

    /// <summary>Solves for permeability <paramref name="kappa"/> (one value per cell, row-major, row 0 at the bottom).</summary>
    public void Solve(ReadOnlySpan<double> kappa, DarcySolution result) => Solve(kappa, ReadOnlySpan<double>.Empty, result);

    /// <summary>
    /// Solves with a per-cell source (cell averages of f); an empty <paramref name="source"/> means the constant
    /// <see cref="Source"/>.
    /// </summary>
    public void Solve(ReadOnlySpan<double> kappa, ReadOnlySpan<double> source, DarcySolution result)
    {
        var cells = _grid.CellCount;
        if (kappa.Length != cells)
        {
            throw new ArgumentException($"Expected {cells} permeability values for a {_n} x {_n} grid, got {kappa.Length}.", nameof(kappa));
        }

        if (!source.IsEmpty && source.Length != cells)
        {
            throw new ArgumentException($"Expected {cells} source values, got {source.Length}.", nameof(source));
        }

        if (result.Grid.N != _n)
        {
            throw new ArgumentException($"The solution is for a {result.Grid.N} x {result.Grid.N} grid, the solver for {_n} x {_n}.", nameof(result));
        }

        for (var k = 0; k < cells; k++)
        {
            var value = kappa[k];
            if (!(value > 0) || double.IsPositiveInfinity(value))
            {
                throw new ArgumentException($"Permeability must be positive and finite; cell {k % _n},{k / _n} has {value}.", nameof(kappa));
            }

            _inverseKappa[k] = 1.0 / value;
        }

        FactorLines();
        AssemblePreconditioner();
        _preconditioner.Factor();

        // Response of the velocity to the boundary pressures alone: A^-1 g.
        var g = _dirichletResponse;
        Array.Clear(g);
        for (var j = 0; j < _n; j++)
        {
            g[j * (_n + 1)] = PressureLeft;
            g[j * (_n + 1) + _n] = -PressureRight;
        }

        ApplyMassInverse(g);
        ApplyDivergence(g, _rhs);
        for (var k = 0; k < cells; k++)
        {
            _rhs[k] = _h * (source.IsEmpty ? Source : source[k]) - _rhs[k];
        }

        var pressure = result.Pressure;
        var (iterations, residual) = ConjugateGradient(pressure);
        result.Iterations = iterations;
        result.RelativeResidual = residual;

        var u = result.Velocity;
        ApplyGradientTranspose(pressure, u);
        ApplyMassInverse(u);
        for (var f = 0; f < u.Length; f++)
        {
            u[f] += g[f];
        }

        RestoreMassBalance(u, source);
    }

    /// <summary>
    /// CG leaves a divergence defect d = h f - B u of the size of its residual, which relative to ||b|| is tiny but
    /// in a high-permeability cell next to a Dirichlet face can reach 1e-10 of a cell's source. Adding
    /// D^-1 B^T M^-1 d removes it to round-off, because B D^-1 B^T = M; the momentum equations change by the same
    /// order as the CG error they already carry.
    /// </summary>
    private void RestoreMassBalance(double[] u, ReadOnlySpan<double> source)
    {
        var defect = _residual;
        ApplyDivergence(u, defect);
        for (var k = 0; k < defect.Length; k++)
        {
            defect[k] = _h * (source.IsEmpty ? Source : source[k]) - defect[k];
        }

        _preconditioner.Solve(defect, _preconditioned);
        ApplyGradientTranspose(_preconditioned, _faceWork);
        for (var f = 0; f < u.Length; f++)
        {
            u[f] += _inverseLumpedMass[f] * _faceWork[f];
        }
    }

    private (int Iterations, double RelativeResidual) ConjugateGradient(double[] p)
    {
        Array.Clear(p);
        var r = _residual;
        var z = _preconditioned;
        var d = _direction;
        var q = _schurDirection;
        _rhs.CopyTo(r, 0);
        var rhsNorm = Math.Sqrt(Dot(r, r));
        if (rhsNorm == 0)
        {
            return (0, 0);
        }

        _preconditioner.Solve(r, z);
        z.CopyTo(d, 0);
        var rz = Dot(r, z);
        for (var iteration = 1; iteration <= MaxIterations; iteration++)
        {
            ApplySchur(d, q);
            var alpha = rz / Dot(d, q);
            var rr = 0.0;
            for (var k = 0; k < p.Length; k++)
            {
                p[k] += alpha * d[k];
                r[k] -= alpha * q[k];
                rr += r[k] * r[k];
            }

            var relative = Math.Sqrt(rr) / rhsNorm;
            if (relative <= Tolerance)
            {
                return (iteration, relative);
            }

            _preconditioner.Solve(r, z);
            var rzNext = Dot(r, z);
            var beta = rzNext / rz;
            rz = rzNext;
            for (var k = 0; k < d.Length; k++)
            {
                d[k] = z[k] + beta * d[k];
            }
        }

        throw new SolverFailureException($"Pressure CG did not reach {Tolerance:g3} in {MaxIterations} iterations.");
    }

    private void ApplySchur(double[] pressure, double[] result)
    {
        ApplyGradientTranspose(pressure, _faceWork);
        ApplyMassInverse(_faceWork);
        ApplyDivergence(_faceWork, result);
    }

    /// <summary>B^T p: on each face, pressure of the cell behind it minus the cell in front (boundary cells only on Dirichlet faces).</summary>
    private void ApplyGradientTranspose(ReadOnlySpan<double> p, Span<double> faces)
    {
        var n = _n;
        for (var j = 0; j < n; j++)
        {
            var row = j * (n + 1);
            var cells = j * n;
            faces[row] = -p[cells];
            for (var i = 1; i < n; i++)
            {
                faces[row + i] = p[cells + i - 1] - p[cells + i];
            }

            faces[row + n] = p[cells + n - 1];
        }

        var y = _xFaces;
        faces.Slice(y, n).Clear();
        for (var j = 1; j < n; j++)
        {
            var row = y + j * n;
            var below = (j - 1) * n;
            var above = j * n;
            for (var i = 0; i < n; i++)
            {
                faces[row + i] = p[below + i] - p[above + i];
            }
        }

        faces.Slice(y + n * n, n).Clear();
    }

    /// <summary>B u: net outward normal velocity of each cell (its outward flux divided by h).</summary>
    private void ApplyDivergence(ReadOnlySpan<double> faces, Span<double> cells)
    {
        var n = _n;
        var y = _xFaces;
        for (var j = 0; j < n; j++)
        {
            var row = j * (n + 1);
            var bottom = y + j * n;
            var top = bottom + n;
            var c = j * n;
            for (var i = 0; i < n; i++)
            {
                cells[c + i] = faces[row + i + 1] - faces[row + i] + faces[top + i] - faces[bottom + i];
            }
        }
    }

    /// <summary>
    /// LDL^T of each line block. Per cell the RT0 mass matrix of the two opposite faces is (h^2 / kappa) [1/3 1/6; 1/6 1/3];
    /// divided by h it gives diagonal h/3 (1/kL + 1/kR) and off-diagonal h/6 (1/k) along a line.
    /// </summary>
    private void FactorLines()
    {
        var n = _n;
        var h = _h;
        var invK = _inverseKappa;
        var multiplier = _lineMultiplier;
        var inversePivot = _lineInversePivot;
        for (var j = 0; j < n; j++)
        {
            var row = j * (n + 1);
            var cells = j * n;
            var pivot = h / 3 * invK[cells];
            inversePivot[row] = 1.0 / pivot;
            multiplier[row] = 0;
            for (var i = 1; i <= n; i++)
            {
                var off = h / 6 * invK[cells + i - 1];
                var diagonal = h / 3 * (invK[cells + i - 1] + (i < n ? invK[cells + i] : 0.0));
                var l = off / pivot;
                pivot = diagonal - l * off;
                multiplier[row + i] = l;
                inversePivot[row + i] = 1.0 / pivot;
            }
        }

        // y-lines: only the interior faces j = 1 .. N-1 are unknowns (u.n = 0 on y = 0 and y = 1). Kept row-major and
        // swept row by row so that all columns advance together over contiguous memory.
        var y = _xFaces;
        for (var i = 0; i < n; i++)
        {
            multiplier[y + i] = 0;
            inversePivot[y + i] = 0;
            multiplier[y + n * n + i] = 0;
            inversePivot[y + n * n + i] = 0;
        }

        for (var i = 0; i < n; i++)
        {
            var pivot = h / 3 * (invK[i] + invK[n + i]);
            inversePivot[y + n + i] = 1.0 / pivot;
            multiplier[y + n + i] = 0;
            for (var j = 2; j < n; j++)
            {
                var off = h / 6 * invK[(j - 1) * n + i];
                var diagonal = h / 3 * (invK[(j - 1) * n + i] + invK[j * n + i]);
                var l = off / pivot;
                pivot = diagonal - l * off;
                multiplier[y + j * n + i] = l;
                inversePivot[y + j * n + i] = 1.0 / pivot;
            }
        }
    }

    /// <summary>Overwrites the face vector v with A^-1 v; the Neumann faces stay zero.</summary>
    private void ApplyMassInverse(Span<double> v)
    {
        var n = _n;
        var multiplier = _lineMultiplier;
        var inversePivot = _lineInversePivot;
        for (var j = 0; j < n; j++)
        {
            var row = j * (n + 1);
            for (var i = 1; i <= n; i++)
            {
                v[row + i] -= multiplier[row + i] * v[row + i - 1];
            }

            v[row + n] *= inversePivot[row + n];
            for (var i = n - 1; i >= 0; i--)
            {
                v[row + i] = v[row + i] * inversePivot[row + i] - multiplier[row + i + 1] * v[row + i + 1];
            }
        }

        var y = _xFaces;
        v.Slice(y, n).Clear();
        v.Slice(y + n * n, n).Clear();
        for (var j = 2; j < n; j++)
        {
            var row = y + j * n;
            for (var i = 0; i < n; i++)
            {
                v[row + i] -= multiplier[row + i] * v[row - n + i];
            }
        }

        var last = y + (n - 1) * n;
        for (var i = 0; i < n; i++)
        {
            v[last + i] *= inversePivot[last + i];
        }

        for (var j = n - 2; j >= 1; j--)
        {
            var row = y + j * n;
            for (var i = 0; i < n; i++)
            {
                v[row + i] = v[row + i] * inversePivot[row + i] - multiplier[row + n + i] * v[row + n + i];
            }
        }
    }

    /// <summary>
    /// Two-point pressure matrix B D^-1 B^T with D the lumped (row-sum) mass matrix: each interior face couples its two
    /// cells with transmissibility 2 / (h (1/kL + 1/kR)), each Dirichlet face adds 2 k / h to its cell. The
    /// transmissibilities are D^-1, kept per face for <see cref="RestoreMassBalance"/>.
    /// </summary>
    private void AssemblePreconditioner()
    {
        var n = _n;
        var h = _h;
        var invK = _inverseKappa;
        var m = _preconditioner;
        m.Clear();
        var lumped = _inverseLumpedMass;
        Array.Clear(lumped);
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                var c = j * n + i;
                if (i == 0)
                {
                    var t = 2 / (h * invK[c]);
                    m.Add(c, c, t);
                    lumped[j * (n + 1)] = t;
                }

                if (i == n - 1)
                {
                    var t = 2 / (h * invK[c]);
                    m.Add(c, c, t);
                    lumped[j * (n + 1) + n] = t;
                }

                if (i > 0)
                {
                    var t = 2 / (h * (invK[c - 1] + invK[c]));
                    m.Add(c, c, t);
                    m.Add(c - 1, c - 1, t);
                    m.Set(c, c - 1, -t);
                    lumped[j * (n + 1) + i] = t;
                }

                if (j > 0)
                {
                    var t = 2 / (h * (invK[c - n] + invK[c]));
                    m.Add(c, c, t);
                    m.Add(c - n, c - n, t);
                    m.Set(c, c - n, -t);
                    lumped[_xFaces + j * n + i] = t;
                }
            }
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var k = 0; k < a.Length; k++)
        {
            s += a[k] * b[k];
        }

        return s;
    }
}
