using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SparsePlugins.Abstractions;
using SparsePlugins.Host.Cli;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Options;
using SparsePlugins.Host.Plugins;
using SparsePlugins.Host.Runs;

namespace SparsePlugins.Host.Commands;

/// <summary>The <c>generate</c> and <c>solve</c> commands, which a problem plugin offers through optional interfaces.</summary>
public sealed class ProblemToolCommand(PluginCatalog catalog, HostSettings settings, ILoggerFactory loggerFactory)
{
    public int Execute(CommandLine command, TextWriter output, CancellationToken cancellation)
    {
        var descriptor = new RunResolver(catalog).Find(PluginKind.Problem, command.Problem!);
        // solve reads only the field it is given: the problem's data files (a training image) need not exist.
        var options = OptionsBinder.Bind(descriptor.OptionsType, $"options of problem '{descriptor.Name}'", command.Command != "solve",
            new ConfigurationBuilder().AddInMemoryCollection(command.Settings.Select(kv =>
                new KeyValuePair<string, string?>(kv.Key, kv.Value))).Build());
        using var progress = new ConsoleProgress(Console.Error);
        var context = new PluginContext
        {
            Seed = 0,
            LoggerFactory = loggerFactory,
            CacheDirectory = Path.GetFullPath(settings.CacheDirectory),
            Progress = progress,
            Cancellation = cancellation,
        };
        if (command.Command == "generate")
        {
            if (descriptor.Factory is not IDatasetGenerator generator)
            {
                throw new InvalidInputException($"Problem '{descriptor.Name}' cannot generate data sets. " +
                    $"Problems that can: {string.Join(", ", catalog.OfKind(PluginKind.Problem).Where(p => p.Factory is IDatasetGenerator).Select(p => p.Name))}.");
            }
            WritableOutput.FileIn(command.Output!, "--out");
            output.WriteLine(Generate(generator, descriptor.Name, options, context, command));
            return 0;
        }
        if (command.Command == "merge")
        {
            var merger = Sharded(descriptor.Factory, descriptor.Name);
            var missing = command.Inputs.Where(f => !File.Exists(f)).ToList();
            if (missing.Count > 0) throw new InvalidInputException($"merge: no shard file {string.Join(", ", missing.Select(f => $"'{f}'"))}.");
            WritableOutput.FileIn(command.Output!, "--out");
            output.WriteLine(merger.Merge(command.Inputs.Select(Path.GetFullPath).ToList(), Path.GetFullPath(command.Output!)));
            return 0;
        }
        if (descriptor.Factory is not IFieldSolver solver)
        {
            throw new InvalidInputException($"Problem '{descriptor.Name}' has no solver. " +
                $"Problems that have: {string.Join(", ", catalog.OfKind(PluginKind.Problem).Where(p => p.Factory is IFieldSolver).Select(p => p.Name))}.");
        }
        if (Directory.Exists(command.Input))
        {
            throw new InvalidInputException($"--input '{command.Input}' is a folder; give the path of the input file (e.g. kappa.csv).");
        }
        if (!File.Exists(command.Input))
        {
            throw new InvalidInputException($"Input file '{command.Input}' does not exist.");
        }
        WritableOutput.Directory(Path.GetFullPath(command.Output!), "--out");
        foreach (var path in solver.Solve(options, context, Path.GetFullPath(command.Input!), Path.GetFullPath(command.Output!)))
        {
            output.WriteLine(path);
        }
        return 0;
    }

    private static string Generate(IDatasetGenerator generator, string problem, object options, PluginContext context, CommandLine command)
    {
        var output = Path.GetFullPath(command.Output!);
        var samples = command.Samples!.Value;
        if (command.Shard.Count == 1) return generator.Generate(options, context, samples, output);
        if (command.Shard.Count > samples)
        {
            throw new InvalidInputException($"--shard {command.Shard}: {command.Shard.Count} shares of {samples} samples leave some empty; use at most {samples}.");
        }
        return Sharded(generator, problem).GenerateShard(options, context, samples, command.Shard.Index, command.Shard.Count, output);
    }

    private static IShardedDatasetGenerator Sharded(object factory, string problem) => factory as IShardedDatasetGenerator
        ?? throw new InvalidInputException($"Problem '{problem}' cannot generate its data set in shards; run generate without --shard.");
}
