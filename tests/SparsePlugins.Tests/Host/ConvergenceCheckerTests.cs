using SparsePlugins.Abstractions;
using SparsePlugins.Host.Runs;
using SparsePlugins.Host.Training;

namespace SparsePlugins.Tests.Host;

/// <summary>Which diagnostics raise which warning (ConvergenceChecker via ConvergenceAssessment), on synthetic chains.</summary>
public sealed class ConvergenceCheckerTests
{
    private static double[] Ar1(int n, double phi, double mean, int seed)
    {
        var random = new Random(seed);
        var x = new double[n];
        double state = 0;
        for (int i = 0; i < n; i++)
        {
            double z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            state = phi * state + Math.Sqrt(1 - phi * phi) * z;
            x[i] = mean + state;
        }
        return x;
    }

    private static ChainResult Chain(int index, double[] testLoss, double[]? logJoint = null) => new(index,
        new Dictionary<string, List<double>>(), testLoss, new Dictionary<string, double>(), 0, logJoint ?? []);

    private static List<ChainResult> Chains(int count, int draws, Func<int, double> mean, double phi = 0.3) =>
        Enumerable.Range(0, count).Select(c => Chain(c, Ar1(draws, phi, mean(c), 10 + c))).ToList();

    [Fact]
    public void Long_chains_of_one_distribution_raise_no_warning()
    {
        var assessment = ConvergenceAssessment.Of(Chains(4, 1000, _ => 0), null, []);

        Assert.Empty(assessment.Warnings);
    }

    [Fact]
    public void A_small_shift_warns_and_a_large_one_warns_strongly()
    {
        // R-hat ~ sqrt(1 + 0.5 / 7) = 1.035 for the shift of half a sd (RankNormalizedDiagnosticsTests); ~1.5 for 2 sd.
        var small = ConvergenceAssessment.Of(Chains(4, 2000, c => c % 2 == 0 ? 0 : 0.5), null, []);
        var large = ConvergenceAssessment.Of(Chains(4, 1000, c => c == 3 ? 2 : 0), null, []);

        // The shift also lowers the bulk ESS (the chains' offsets read as lasting autocorrelation): a second warning.
        Assert.DoesNotContain(small.Warnings, w => w.Severity == WarningSeverity.Strong);
        var warning = Assert.Single(small.Warnings, w => w.Message.Contains("R-hat", StringComparison.Ordinal));
        Assert.Equal((WarningSeverity.Warning, "testLoss"), (warning.Severity, warning.Quantity));
        Assert.Contains("R-hat", warning.Message, StringComparison.Ordinal);
        Assert.Contains("Training:Epochs", warning.Fix, StringComparison.Ordinal);
        var strong = large.Warnings.First();
        Assert.Equal((WarningSeverity.Strong, "testLoss"), (strong.Severity, strong.Quantity));
    }

    [Fact]
    public void Slowly_mixing_chains_warn_about_bulk_ess()
    {
        // phi = 0.99: tau = 199, so 4 x 2000 draws hold about 40 effective ones.
        var assessment = ConvergenceAssessment.Of(Chains(4, 2000, _ => 0, phi: 0.99), null, []);

        Assert.Contains(assessment.Warnings, w => w.Message.Contains("bulk ESS", StringComparison.Ordinal) && w.Fix.Contains("Training:Epochs", StringComparison.Ordinal));
    }

    [Fact]
    public void Too_few_samples_warn_and_too_few_to_diagnose_warn_strongly()
    {
        var few = ConvergenceAssessment.Of(Chains(2, 150, _ => 0), null, []);
        var none = ConvergenceAssessment.Of(Chains(2, 3, _ => 0), null, []);

        Assert.Contains(few.Warnings, w => w is { Quantity: "samples", Severity: WarningSeverity.Warning });
        Assert.Contains(none.Warnings, w => w is { Quantity: "samples", Severity: WarningSeverity.Strong });
        Assert.Equal(WarningSeverity.Strong, none.Warnings[0].Severity);
    }

    [Fact]
    public void Left_out_chains_in_another_mode_are_reported_over_all_chains_without_failing_the_kept_ones()
    {
        var chains = Chains(4, 1000, c => c == 3 ? 5 : 0);

        var assessment = ConvergenceAssessment.Of(chains, [0, 1, 2], []);

        Assert.NotNull(assessment.AllChains);
        var warning = Assert.Single(assessment.Warnings);
        Assert.Equal((WarningSeverity.Warning, "testLoss (all chains)"), (warning.Severity, warning.Quantity));
        Assert.Contains("all 4 chains", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_are_summarised_in_one_warning_naming_the_worst_and_how_many()
    {
        var chains = Enumerable.Range(0, 2).Select(c =>
        {
            var w0 = Ar1(500, 0.3, c == 1 ? 2 : 0, 20 + c);
            var w1 = Ar1(500, 0.3, 0, 30 + c);
            var rows = Enumerable.Range(0, 500).Select(i => new[] { w0[i], w1[i], 0.0 }).ToArray();
            return Chain(c, Ar1(500, 0.3, 0, 40 + c)) with { Samples = (["weight[0]", "weight[1]", "weight[2]"], rows) };
        }).ToList();

        var assessment = ConvergenceAssessment.Of(chains, null, []);

        var warning = Assert.Single(assessment.Warnings, w => w.Quantity == "weights" && w.Message.Contains("R-hat", StringComparison.Ordinal));
        Assert.Equal(WarningSeverity.Strong, warning.Severity);
        Assert.Contains("(weight[0])", warning.Message, StringComparison.Ordinal);
        // weight[2] is constant (a pruned weight): not diagnosed, so counted among neither the failures nor the total.
        Assert.Contains("1 of 2 above 1.1", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_problems_warnings_are_kept_and_strong_ones_come_first()
    {
        var problem = new ConvergenceWarning(WarningSeverity.Strong, "selected", "m", "f");

        var assessment = ConvergenceAssessment.Of(Chains(2, 150, _ => 0), null, [problem]);

        Assert.Equal(problem, assessment.Warnings[0]);
        Assert.Contains(assessment.Warnings, w => w.Quantity == "samples");
    }
}
