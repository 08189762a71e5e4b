using SparsePlugins.Abstractions;

namespace MissingDependency;

public sealed class NeedsDependencyOptions
{
    public double Scale { get; set; } = 1;
}

[Plugin(PluginKind.Prior, "needs-dependency", "Fails validation when its dependency is missing", OptionsType = typeof(NeedsDependencyOptions))]
public sealed class NeedsDependencyPlugin : PriorPlugin<NeedsDependencyOptions>
{
    protected override IPrior Create(NeedsDependencyOptions options, PluginContext context) =>
        throw new NotSupportedException(FixtureDependency.Helper.Name);
}
