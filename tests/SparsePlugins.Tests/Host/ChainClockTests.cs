using SparsePlugins.Host.Training;

namespace SparsePlugins.Tests.Host;

public sealed class ChainClockTests
{
    [Fact]
    public void Without_a_budget_or_a_fraction_burn_in_is_epochs_only()
    {
        Assert.True(new ChainClock(0, null).Reached(0.9));
        Assert.True(new ChainClock(0, 1e9).Reached(0));
        Assert.False(new ChainClock(0, null).OverBudget);
    }

    [Fact]
    public void A_fraction_of_the_budget_counts_the_seconds_of_earlier_processes()
    {
        // A fresh clock is far from half of 1e9 seconds; a resumed chain that ran 600 of a 1000-second budget is past it.
        Assert.False(new ChainClock(0, 1e9).Reached(0.5));
        Assert.True(new ChainClock(600, 1000).Reached(0.5));
        Assert.False(new ChainClock(600, 1000).OverBudget);
        Assert.True(new ChainClock(1000, 1000).OverBudget);
    }
}
