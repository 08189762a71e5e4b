namespace SparsePlugins.Reference.Regression;

/// <summary>
/// Collapsed Gibbs sampling over the inclusion indicators: each sweep visits j = 1..p and draws gamma_j from its
/// conditional given the others, which needs only the exact evidence of the two models that differ in j. The first
/// fifth of the sweeps is burn-in. Deterministic given <paramref name="Seed"/> (System.Random's seeded generator).
/// </summary>
public sealed record CollapsedGibbs(int Sweeps = 4000, int Seed = 1)
{
    public int BurnIn => Sweeps / 5;

    public ExactPosterior Run(RegressionData data, SpikeSlabModel model)
    {
        int p = data.Predictors;
        var evidence = new ModelEvidence(data, model);
        var random = new Random(Seed);
        var gamma = new bool[p];
        var visits = new Dictionary<string, (int[] Active, int Count)>();
        for (int sweep = 0; sweep < Sweeps; sweep++)
        {
            for (int j = 0; j < p; j++)
            {
                var without = Enumerable.Range(0, p).Where(i => gamma[i] && i != j).ToList();
                var with = without.Append(j).ToList();
                double logOdds = evidence.LogEvidence(with) - evidence.LogEvidence(without) + model.LogPriorRatio(without.Count, p);
                gamma[j] = random.NextDouble() < 1 / (1 + Math.Exp(-logOdds));
            }
            if (sweep < BurnIn) continue;
            var active = Enumerable.Range(0, p).Where(i => gamma[i]).ToArray();
            var key = ExactPosterior.ModelName(active);
            visits[key] = (active, visits.GetValueOrDefault(key).Count + 1);
        }
        return new ExactPosterior(p, Sweeps - BurnIn, visits.Values.Select(v => new VisitedModel(v.Active, v.Count)).ToList(), evidence);
    }
}
