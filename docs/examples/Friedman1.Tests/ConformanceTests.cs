using SparsePlugins.Testing;
using Xunit;

namespace Friedman1.Tests;

/// <summary>The conformance kit: shapes [n, p] and [n, 1], float64, the same data for a seed, finite likelihood and metrics.</summary>
public sealed class Friedman1Conformance : ProblemConformance<Friedman1Plugin>
{
    protected override object ProblemOptions => new Friedman1Options { Observations = 50, TestObservations = 20, Features = 7 };

    [Fact]
    public void Noise_free_targets_follow_friedmans_formula()
    {
        using var problem = new Friedman1Problem(new Friedman1Options { Observations = 30, Features = 5, NoiseVariance = 1e-9 },
            new SparsePlugins.Abstractions.PluginContext { Seed = 3 });
        var x = problem.Train.Inputs.data<double>().ToArray();
        var y = problem.Train.Targets.data<double>().ToArray();
        for (int i = 0; i < 30; i++)
        {
            double[] r = x[(5 * i)..(5 * i + 5)];
            double f = 10 * Math.Sin(Math.PI * r[0] * r[1]) + 20 * (r[2] - 0.5) * (r[2] - 0.5) + 10 * r[3] + 5 * r[4];
            Assert.Equal(f, y[i], tolerance: 1e-3); // noise sd 3e-5
        }
    }
}
