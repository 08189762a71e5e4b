using System.Globalization;
using SparsePlugins.Reference.Regression;

// Marginal posterior inclusion probabilities of the Section 6.1 model with a point-mass spike, from a CSV: the
// collapsed Gibbs sampler of Reference/SparsePlugins.Reference.Regression (the model and why it is the SA
// methods' reference are described there).
//
// Usage: SparsePlugins.Regression.Exact <train.csv> [noiseVariance=3] [slabVariance=10] [a=1] [b=p] [sweeps=4000] [seed=1]
// The CSV is what `SparsePlugins.Host generate --problem linear-regression` writes: header x1..xp,y.
if (args.Length < 1)
{
    Console.Error.WriteLine("Usage: SparsePlugins.Regression.Exact <train.csv> [noiseVariance=3] [slabVariance=10] [a=1] [b=p] [sweeps=4000] [seed=1]");
    return 2;
}
var data = RegressionData.FromCsv(args[0]);
int n = data.Rows, p = data.Predictors;
double Arg(int i, double fallback) => args.Length > i ? double.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
var model = new SpikeSlabModel(Arg(1, 3), Arg(2, 10), Arg(3, 1), Arg(4, p));
var gibbs = new CollapsedGibbs((int)Arg(5, 4000), (int)Arg(6, 1));
var posterior = gibbs.Run(data, model);

Console.WriteLine($"n = {n}, p = {p}, noise variance {model.NoiseVariance}, slab variance {model.SlabVariance}, " +
                  $"Beta({model.BetaA}, {model.BetaB}), {posterior.KeptSweeps} sweeps kept");
Console.WriteLine("Largest marginal inclusion probabilities:");
foreach (var j in Enumerable.Range(0, p).OrderByDescending(j => posterior.Inclusion[j]).Take(6))
{
    Console.WriteLine($"  b{j + 1}: {posterior.Inclusion[j]:F3}");
}
Console.WriteLine("Most visited models:");
foreach (var visited in posterior.Models.Take(5))
{
    Console.WriteLine($"  {ExactPosterior.ModelName(visited.Active)}: {(double)visited.Sweeps / posterior.KeptSweeps:F3}");
}
return 0;
