using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace SparsePlugins.Reference.Regression;

/// <summary>The sufficient statistics X'X and X'y of a regression data set; every model's evidence needs only these.</summary>
public sealed class RegressionData
{
    public RegressionData(double[,] x, double[] y)
    {
        if (x.GetLength(0) != y.Length) throw new ArgumentException($"X has {x.GetLength(0)} rows and y {y.Length} entries.", nameof(y));
        var design = Matrix<double>.Build.DenseOfArray(x);
        var response = Vector<double>.Build.DenseOfArray(y);
        Rows = y.Length;
        Gram = design.TransposeThisAndMultiply(design);
        Xty = design.TransposeThisAndMultiply(response);
    }

    /// <summary>
    /// Reads what <c>generate --problem linear-regression</c> writes: a header x1..xp,y, then one row per observation
    /// (round-trip precision, so the data equal the run's).
    /// </summary>
    public static RegressionData FromCsv(string path)
    {
        var rows = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
        int n = rows.Length, p = rows[0].Length - 1;
        var x = new double[n, p];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < p; j++) x[i, j] = rows[i][j];
        }
        return new RegressionData(x, rows.Select(r => r[p]).ToArray());
    }

    public int Rows { get; }

    public int Predictors => Gram.RowCount;

    public Matrix<double> Gram { get; }

    public Vector<double> Xty { get; }
}
