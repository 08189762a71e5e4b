namespace SparsePlugins.Abstractions;

/// <summary>
/// A plugin is a factory: the host binds and validates its options, then asks it for a fresh product per chain.
/// Products own their state; factories must be stateless.
/// </summary>
public interface IPluginFactory<out TProduct>
{
    /// <param name="options">An instance of the attribute's <see cref="PluginAttribute.OptionsType"/>, validated.</param>
    /// <param name="context">Seed, logging and what the product may need to know about the rest of the run.</param>
    TProduct Create(object options, PluginContext context);
}

public interface ISamplerPlugin : IPluginFactory<ISampler>;

public interface IPriorPlugin : IPluginFactory<IPrior>;

public interface IProblemPlugin : IPluginFactory<IProblem>;

public interface INetworkPlugin : IPluginFactory<INetwork>;

/// <summary>Typed convenience base: implements the untyped <see cref="IPluginFactory{T}.Create"/> by a cast.</summary>
public abstract class PluginFactory<TOptions, TProduct> : IPluginFactory<TProduct>
    where TOptions : class
{
    public TProduct Create(object options, PluginContext context) => options is TOptions typed
        ? Create(typed, context)
        : throw new ArgumentException(
            $"{GetType().Name} expects options of type {typeof(TOptions).Name}, got {options?.GetType().Name ?? "null"}.");

    protected abstract TProduct Create(TOptions options, PluginContext context);
}

/// <summary>Base of a sampler plugin with typed options.</summary>
public abstract class SamplerPlugin<TOptions> : PluginFactory<TOptions, ISampler>, ISamplerPlugin
    where TOptions : class;

/// <summary>Base of a prior plugin with typed options.</summary>
public abstract class PriorPlugin<TOptions> : PluginFactory<TOptions, IPrior>, IPriorPlugin
    where TOptions : class;

/// <summary>Base of a problem plugin with typed options.</summary>
public abstract class ProblemPlugin<TOptions> : PluginFactory<TOptions, IProblem>, IProblemPlugin
    where TOptions : class;

/// <summary>Base of a network plugin with typed options.</summary>
public abstract class NetworkPlugin<TOptions> : PluginFactory<TOptions, INetwork>, INetworkPlugin
    where TOptions : class;
