using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

// Marginal posterior inclusion probabilities of y = X b + e, e ~ N(0, s2 I) with s2 known, under the spike-and-slab
// prior with a point-mass spike: b_j = 0 or b_j ~ N(0, v1), gamma_j ~ Bernoulli(delta), delta ~ Beta(a, b)
// integrated out. A collapsed Gibbs sampler over gamma evaluates p(y | gamma) exactly; the Laplace spike of the
// ssgl prior (scale 0.03) is a point mass next to the coefficients' standard errors (0.2-0.7).
//
// Usage: SparsePlugins.Regression.Exact <train.csv> [noiseVariance=3] [slabVariance=10] [a=1] [b=p] [sweeps=4000] [seed=1]
// The CSV is what `SparsePlugins.Host generate --problem linear-regression` writes: header x1..xp,y.
if (args.Length < 1)
{
    Console.Error.WriteLine("Usage: SparsePlugins.Regression.Exact <train.csv> [noiseVariance=3] [slabVariance=10] [a=1] [b=p] [sweeps=4000] [seed=1]");
    return 2;
}
var rows = File.ReadAllLines(args[0]).Skip(1).Where(l => l.Length > 0)
    .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();
int n = rows.Length, p = rows[0].Length - 1;
double Arg(int i, double fallback) => args.Length > i ? double.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
double s2 = Arg(1, 3), v1 = Arg(2, 10), betaA = Arg(3, 1), betaB = Arg(4, p);
int sweeps = (int)Arg(5, 4000), burn = sweeps / 5;
var random = new Random((int)Arg(6, 1));

var x = Matrix<double>.Build.Dense(n, p, (i, j) => rows[i][j]);
var y = Vector<double>.Build.Dense(n, i => rows[i][p]);
var gram = x.TransposeThisAndMultiply(x);
var xty = x.TransposeThisAndMultiply(y);

// log p(y | gamma) up to a constant: -k/2 log v1 - 1/2 log|A| + 1/2 c' A^-1 c, A = X_g'X_g / s2 + I / v1, c = X_g'y / s2.
double LogEvidence(List<int> active)
{
    int k = active.Count;
    if (k == 0) return 0;
    var a = Matrix<double>.Build.Dense(k, k, (r, c) => gram[active[r], active[c]] / s2 + (r == c ? 1 / v1 : 0));
    var c = Vector<double>.Build.Dense(k, r => xty[active[r]] / s2);
    var chol = a.Cholesky();
    return -0.5 * k * Math.Log(v1) - 0.5 * chol.DeterminantLn + 0.5 * c.DotProduct(chol.Solve(c));
}

// p(gamma) with delta ~ Beta(a, b) integrated: B(a + k, b + p - k) / B(a, b); only ratios between k and k + 1 matter.
double LogPriorRatio(int k) => Math.Log((betaA + k) / (betaB + p - k - 1)); // log p(k + 1 ones) - log p(k ones)

var gamma = new bool[p];
var counts = new double[p];
var sizes = new Dictionary<string, int>();
for (int sweep = 0; sweep < sweeps; sweep++)
{
    for (int j = 0; j < p; j++)
    {
        var without = Enumerable.Range(0, p).Where(i => gamma[i] && i != j).ToList();
        var with = without.Append(j).ToList();
        double logOdds = LogEvidence(with) - LogEvidence(without) + LogPriorRatio(without.Count);
        gamma[j] = random.NextDouble() < 1 / (1 + Math.Exp(-logOdds));
    }
    if (sweep < burn) continue;
    for (int j = 0; j < p; j++) if (gamma[j]) counts[j]++;
    var key = "{" + string.Join(", ", Enumerable.Range(0, p).Where(i => gamma[i]).Select(i => i + 1)) + "}";
    sizes[key] = sizes.GetValueOrDefault(key) + 1;
}
int kept = sweeps - burn;
Console.WriteLine($"n = {n}, p = {p}, noise variance {s2}, slab variance {v1}, Beta({betaA}, {betaB}), {kept} sweeps kept");
Console.WriteLine("Largest marginal inclusion probabilities:");
foreach (var j in Enumerable.Range(0, p).OrderByDescending(j => counts[j]).Take(6))
{
    Console.WriteLine($"  b{j + 1}: {counts[j] / kept:F3}");
}
Console.WriteLine("Most visited models:");
foreach (var (model, count) in sizes.OrderByDescending(kv => kv.Value).Take(5))
{
    Console.WriteLine($"  {model}: {(double)count / kept:F3}");
}
return 0;
