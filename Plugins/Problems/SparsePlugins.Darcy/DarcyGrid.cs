namespace SparsePlugins.Darcy;

/// <summary>
/// The uniform N x N grid on the unit square and the layout of its unknowns.
/// </summary>
/// <remarks>
/// Cell (i, j) has column i (left to right) and row j (bottom to top). Every array is row-major with row 0 at the
/// bottom. Velocity unknowns are normal velocities on faces, oriented +x on x-faces and +y on y-faces:
/// <c>ux[j][i]</c> lies on the x-face at x = i h of row j (N rows of N + 1), <c>uy[j][i]</c> on the y-face at
/// y = j h of column i (N + 1 rows of N). A flat velocity vector holds all of ux, then all of uy.
/// </remarks>
public sealed class DarcyGrid
{
    public DarcyGrid(int n)
    {
        if (n < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "The grid needs at least 2 x 2 cells.");
        }

        N = n;
        H = 1.0 / n;
    }

    /// <summary>Cells per side.</summary>
    public int N { get; }

    /// <summary>Cell width.</summary>
    public double H { get; }

    public int CellCount => N * N;

    /// <summary>Number of x-faces, N rows of N + 1.</summary>
    public int XFaceCount => N * (N + 1);

    /// <summary>Number of y-faces, N + 1 rows of N.</summary>
    public int YFaceCount => (N + 1) * N;

    /// <summary>Length of a flat velocity vector: 2 N (N + 1).</summary>
    public int VelocityLength => 2 * N * (N + 1);

    public int Cell(int i, int j) => j * N + i;

    /// <summary>Index of ux[j][i] in a flat velocity vector.</summary>
    public int XFace(int i, int j) => j * (N + 1) + i;

    /// <summary>Index of uy[j][i] in a flat velocity vector (after all x-faces).</summary>
    public int YFace(int i, int j) => XFaceCount + j * N + i;

    /// <summary>Centre of cell (i, j).</summary>
    public (double X, double Y) CellCentre(int i, int j) => ((i + 0.5) * H, (j + 0.5) * H);
}
