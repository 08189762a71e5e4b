using MathNet.Numerics.LinearAlgebra;

namespace SparsePlugins.Darcy;

/// <summary>
/// Truncated Karhunen-Loeve basis of the covariance sigma exp(-dx^2/lx^2 - dy^2/ly^2) on the cell centres
/// (ERRATA 8). The kernel is separable, so the 2-D eigenpairs are products of the eigenpairs of two 1-D N x N
/// problems (h C, the Nystrom discretisation of the integral operator); the products are sorted globally and the
/// largest <see cref="Terms"/> kept. Modes are L2(Omega)-normalised: h^2 sum_cells Phi_i Phi_j = delta_ij.
/// </summary>
public sealed class KleBasis
{
    private readonly double[] _scaledModes;

    public KleBasis(DarcyGrid grid, int terms, double correlationLengthX = 0.2, double correlationLengthY = 0.3, double variance = 2.0)
    {
        var cells = grid.CellCount;
        if (terms < 1 || terms > cells)
        {
            throw new ArgumentOutOfRangeException(nameof(terms), terms, $"The number of KLE terms must be between 1 and {cells} (N^2).");
        }

        if (!(correlationLengthX > 0) || !(correlationLengthY > 0) || !(variance > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(variance), "Correlation lengths and variance must be positive.");
        }

        Grid = grid;
        Terms = terms;
        var n = grid.N;
        var (lambdaX, phiX) = OneDimensional(grid, correlationLengthX);
        var (lambdaY, phiY) = OneDimensional(grid, correlationLengthY);

        var pairs = new (double Value, int A, int B)[n * n];
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                pairs[a * n + b] = (variance * Math.Max(0, lambdaX[a]) * Math.Max(0, lambdaY[b]), a, b);
            }
        }

        // Ties (equal products) are broken by mode indices so the order never depends on the sort algorithm.
        Array.Sort(pairs, (p, q) => p.Value != q.Value ? q.Value.CompareTo(p.Value) : p.A != q.A ? p.A.CompareTo(q.A) : p.B.CompareTo(q.B));

        TotalVariance = variance * lambdaX.Sum() * lambdaY.Sum();
        Eigenvalues = new double[terms];
        Modes = new double[terms * cells];
        _scaledModes = new double[terms * cells];
        var kept = 0.0;
        for (var t = 0; t < terms; t++)
        {
            var (value, a, b) = pairs[t];
            Eigenvalues[t] = value;
            kept += value;
            var root = Math.Sqrt(value);
            for (var j = 0; j < n; j++)
            {
                for (var i = 0; i < n; i++)
                {
                    var phi = phiX[a, i] * phiY[b, j];
                    Modes[t * cells + j * n + i] = phi;
                    _scaledModes[t * cells + j * n + i] = root * phi;
                }
            }
        }

        VarianceFraction = kept / TotalVariance;
    }

    public DarcyGrid Grid { get; }

    public int Terms { get; }

    /// <summary>xi_1 &gt;= xi_2 &gt;= ... of the kept terms.</summary>
    public double[] Eigenvalues { get; }

    /// <summary>Phi_t at the cell centres, mode t at [t N^2, (t + 1) N^2), each row-major with row 0 at the bottom.</summary>
    public double[] Modes { get; }

    /// <summary>sigma |Omega| up to the discretisation: the trace of the discrete covariance operator.</summary>
    public double TotalVariance { get; }

    /// <summary>Share of <see cref="TotalVariance"/> the kept terms carry.</summary>
    public double VarianceFraction { get; }

    /// <summary>field = sum_t mu_t sqrt(xi_t) Phi_t at the cell centres.</summary>
    public void Combine(ReadOnlySpan<double> mu, Span<double> field)
    {
        var cells = Grid.CellCount;
        if (mu.Length != Terms || field.Length != cells)
        {
            throw new ArgumentException($"Expected {Terms} coefficients and a field of {cells} cells, got {mu.Length} and {field.Length}.");
        }

        field.Clear();
        var modes = _scaledModes.AsSpan();
        for (var t = 0; t < Terms; t++)
        {
            var m = mu[t];
            var mode = modes.Slice(t * cells, cells);
            for (var k = 0; k < cells; k++)
            {
                field[k] += m * mode[k];
            }
        }
    }

    /// <summary>
    /// Eigenpairs of h exp(-(x_a - x_b)^2 / l^2) on the cell centres, ascending as the EVD returns them; phi[m, a] is
    /// mode m at centre a, scaled so that h sum_a phi^2 = 1 and signed so that its first entry above a tenth of its
    /// largest magnitude is positive (EVD signs are arbitrary; this makes fields reproducible).
    /// </summary>
    private static (double[] Lambda, double[,] Phi) OneDimensional(DarcyGrid grid, double length)
    {
        var n = grid.N;
        var h = grid.H;
        var c = Matrix<double>.Build.Dense(n, n, (a, b) =>
        {
            var d = (a - b) * h / length;
            return h * Math.Exp(-d * d);
        });
        var evd = c.Evd(Symmetricity.Symmetric);
        var lambda = new double[n];
        var phi = new double[n, n];
        var scale = 1.0 / Math.Sqrt(h);
        for (var m = 0; m < n; m++)
        {
            lambda[m] = evd.EigenValues[m].Real;
            var v = evd.EigenVectors.Column(m);
            var largest = v.AbsoluteMaximum();
            var sign = 1.0;
            for (var a = 0; a < n; a++)
            {
                if (Math.Abs(v[a]) > 0.1 * largest)
                {
                    sign = Math.Sign(v[a]);
                    break;
                }
            }

            for (var a = 0; a < n; a++)
            {
                phi[m, a] = sign * scale * v[a];
            }
        }

        return (lambda, phi);
    }
}
