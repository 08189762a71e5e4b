using SparsePlugins.Host.Training;

namespace SparsePlugins.Tests.Host;

public sealed class ChainSelectorTests
{
    [Fact]
    public void Chains_within_the_tolerance_of_the_best_are_kept_and_a_stuck_one_is_dropped()
    {
        // The values measured on test 2 (ScaleAfterResponse): three chains in the {1, 2} mode, one with b_1 in the spike.
        Assert.Equal([0, 1, 2], ChainSelector.Keep([126.1, 126.0, 127.0, 87.1], tolerance: 10));
        Assert.Equal([2], ChainSelector.Keep([126.1, 126.0, 127.0, 87.1], tolerance: 0.5));
        Assert.Equal([0, 1, 2, 3], ChainSelector.Keep([126.1, 126.0, 127.0, 87.1], tolerance: 100));
    }

    [Fact]
    public void Chains_without_a_log_density_are_never_preferred_and_all_are_kept_when_none_has_one()
    {
        Assert.Equal([1], ChainSelector.Keep([double.NaN, -5.0], tolerance: 10));
        Assert.Equal([0, 1], ChainSelector.Keep([double.NaN, double.NaN], tolerance: 10));
        Assert.True(double.IsNaN(ChainSelector.Mean([])));
        Assert.Equal(2.0, ChainSelector.Mean([1.0, 3.0]));
    }
}
