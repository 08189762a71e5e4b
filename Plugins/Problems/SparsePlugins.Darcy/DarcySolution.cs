namespace SparsePlugins.Darcy;

/// <summary>
/// Face velocities and cell pressures of one solve, laid out as <see cref="DarcyGrid"/> describes.
/// Reused across solves so that a solve allocates nothing.
/// </summary>
public sealed class DarcySolution
{
    public DarcySolution(DarcyGrid grid)
    {
        Grid = grid;
        Velocity = new double[grid.VelocityLength];
        Pressure = new double[grid.CellCount];
    }

    public DarcyGrid Grid { get; }

    /// <summary>All of ux (N rows of N + 1), then all of uy (N + 1 rows of N).</summary>
    public double[] Velocity { get; }

    /// <summary>Cell pressures, N rows of N, row 0 at the bottom.</summary>
    public double[] Pressure { get; }

    public Span<double> Ux => Velocity.AsSpan(0, Grid.XFaceCount);

    public Span<double> Uy => Velocity.AsSpan(Grid.XFaceCount, Grid.YFaceCount);

    /// <summary>Preconditioned CG iterations the last solve took.</summary>
    public int Iterations { get; internal set; }

    /// <summary>Final ||r|| / ||b|| of the pressure Schur system.</summary>
    public double RelativeResidual { get; internal set; }

    public double UxAt(int i, int j) => Velocity[Grid.XFace(i, j)];

    public double UyAt(int i, int j) => Velocity[Grid.YFace(i, j)];

    public double PAt(int i, int j) => Pressure[Grid.Cell(i, j)];
}
