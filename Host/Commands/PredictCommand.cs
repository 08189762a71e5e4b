using System.Text.Json;
using Microsoft.Extensions.Logging;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Cli;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Options;
using SparsePlugins.Host.Plugins;
using SparsePlugins.Host.Runs;
using SparsePlugins.Host.Surrogates;
using SparsePlugins.Host.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SparsePlugins.Host.Commands;

/// <summary>
/// <c>predict</c>: rebuilds a finished run's network from its ensemble file and hands the problem plugin a function
/// that runs every posterior sample; the problem reads the input, maps it and writes the predictive outputs.
/// </summary>
public sealed class PredictCommand(PluginCatalog catalog, HostSettings settings, ILoggerFactory loggerFactory)
{
    public int Execute(CommandLine command, TextWriter output, CancellationToken cancellation)
    {
        var model = command.Model!;
        var file = Directory.Exists(model) ? Path.Combine(model, EnsembleFile.FileName) : model;
        var ensemble = EnsembleFile.Read(Path.GetFullPath(file));
        var header = ensemble.Header;
        var resolver = new RunResolver(catalog);
        var problem = resolver.Find(PluginKind.Problem, header.Problem);
        if (problem.Factory is not ISurrogatePredictor predictor)
        {
            throw new InvalidInputException($"Problem '{header.Problem}' (of the model in {file}) cannot be queried: its plugin " +
                "does not implement ISurrogatePredictor.");
        }
        if (!File.Exists(command.Input) && !Directory.Exists(command.Input))
        {
            throw new InvalidInputException($"Input file '{command.Input}' does not exist.");
        }
        var problemOptions = Deserialize(header.ProblemOptionsJson, problem.OptionsType, file, "problem");
        using var module = BuildNetwork(resolver, header, file);
        var context = new PluginContext
        {
            Seed = 0,
            LoggerFactory = loggerFactory,
            CacheDirectory = Path.GetFullPath(settings.CacheDirectory),
            Cancellation = cancellation,
        };
        var members = ToMembers(module, ensemble);
        using var dispose = new MembersScope(members);
        var query = new SurrogateQuery(ensemble.State, inputs => EnsembleEvaluation.MemberPredictions(module, members, inputs), ensemble.NoiseVariance,
            Path.GetFullPath(command.Input!), command.Truth is { } truth ? Path.GetFullPath(truth) : null,
            Path.GetFullPath(command.Output!))
        {
            Intervals = ensemble.Intervals,
        };
        foreach (var line in predictor.Predict(problemOptions, context, query)) output.WriteLine(line);
        return 0;
    }

    private nn.Module<Tensor, Tensor> BuildNetwork(RunResolver resolver, EnsembleHeader header, string file)
    {
        var network = resolver.Find(PluginKind.Network, header.Network);
        var options = Deserialize(header.NetworkOptionsJson, network.OptionsType, file, "network");
        var shape = new ProblemShape(header.InputShape, header.OutputSize, ScalarType.Float32);
        var module = network.FactoryAs<INetworkPlugin>().Create(options, new PluginContext { Seed = 0, Shape = shape, LoggerFactory = loggerFactory }).Module;
        module.eval();
        return module;
    }

    /// <summary>
    /// The stored members as tensors shaped like the network's parameters, built once (not per batch of fields), after
    /// checking that the stored parameters are exactly the network's.
    /// </summary>
    private static List<EnsembleMember> ToMembers(nn.Module<Tensor, Tensor> module, LoadedEnsemble ensemble)
    {
        var shapes = module.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        var missing = ensemble.ParameterNames.Except(shapes.Keys).Concat(shapes.Keys.Except(ensemble.ParameterNames)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidInputException($"The ensemble's parameters do not match network '{ensemble.Header.Network}' " +
                $"({string.Join(", ", missing)}); it was saved by another version of the network plugin.");
        }
        return ensemble.Members.Select((member, m) => new EnsembleMember(-1, m,
            ensemble.ParameterNames.Select(name => (name, tensor(member[name]).reshape(shapes[name]).DetachFromDisposeScope())).ToList())).ToList();
    }

    private sealed class MembersScope(List<EnsembleMember> members) : IDisposable
    {
        public void Dispose()
        {
            foreach (var member in members) member.Dispose();
        }
    }

    private static object Deserialize(string json, Type type, string file, string what)
    {
        try
        {
            var options = JsonSerializer.Deserialize(json, type, JsonOutput.ConfigurationOptions)
                ?? throw new JsonException("null options");
            var errors = OptionsBinder.Validate(options, checkInputFiles: false).ToList();
            if (errors.Count > 0) throw new JsonException(string.Join("; ", errors));
            return options;
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"The {what} options stored in {file} are not valid for the installed plugin ({e.Message}); " +
                "the model was trained with another version of it.");
        }
    }
}
