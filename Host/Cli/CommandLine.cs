using SparsePlugins.Abstractions;
using System.Text.RegularExpressions;
using SparsePlugins.Host.Options;

namespace SparsePlugins.Host.Cli;

/// <summary>
/// The parsed command line. Configuration overrides (<c>--Key:Sub=Value</c>, capitalised like configuration keys)
/// are split off first, so a typo in a real option (<c>--cofig</c>) is still reported instead of silently becoming
/// a configuration entry.
/// </summary>
public sealed partial record CommandLine(
    string Command,
    IReadOnlyList<string> Overrides,
    string? ConfigFile,
    IReadOnlyList<string> RunNames,
    bool Json,
    string? Problem,
    int? Samples,
    string? Output,
    string? Input,
    IReadOnlyDictionary<string, string> Settings)
{
    public static readonly string[] Commands = ["run", "plugins", "generate", "merge", "solve", "predict", "report", "help"];

    /// <summary>predict: the run folder holding ensemble.h5.</summary>
    public string? Model { get; init; }

    /// <summary>run: --resume or --overwrite (null = the configuration's IfRunExists).</summary>
    public Configuration.ExistingRunPolicy? IfRunExists { get; init; }

    /// <summary>run: the share of the runs this process executes (<c>--shard i/n</c>).</summary>
    public Configuration.Shard Shard { get; init; } = Configuration.Shard.All;

    /// <summary>run: print the names of the runs this process would run, one per line, and run nothing.</summary>
    public bool List { get; init; }

    /// <summary>merge: the shard files, in the order given (--input, repeated).</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Every command: debug logging and the stack trace of an unexpected failure.</summary>
    public bool Verbose { get; init; }

    /// <summary>predict: the exact solution to compare with (a solve output folder or an HDF5 data set).</summary>
    public string? Truth { get; init; }

    [GeneratedRegex("^--[A-Z][A-Za-z0-9_]*(:[A-Za-z0-9_]+)*=")]
    private static partial Regex OverridePattern();

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var overrides = args.Where(a => OverridePattern().IsMatch(a)).ToList();
        var rest = new Queue<string>(args.Where(a => !OverridePattern().IsMatch(a)));
        var command = "run";
        if (rest.Count > 0 && !rest.Peek().StartsWith('-'))
        {
            command = rest.Dequeue().ToLowerInvariant();
            if (!Commands.Contains(command))
            {
                throw new InvalidInputException($"Unknown command '{command}'. Commands: {string.Join(", ", Commands)}. See `help`.");
            }
        }
        string? config = null, problem = null, output = null, input = null, model = null, truth = null;
        int? samples = null;
        bool json = false, verbose = false, list = false;
        Configuration.ExistingRunPolicy? ifRunExists = null;
        var shard = Configuration.Shard.All;
        var runs = new List<string>();
        var inputs = new List<string>();
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        string Value(string option)
        {
            if (rest.Count == 0 || rest.Peek().StartsWith("--", StringComparison.Ordinal))
            {
                throw new InvalidInputException($"Option {option} needs a value. See `help`.");
            }
            return rest.Dequeue();
        }

        while (rest.Count > 0)
        {
            var token = rest.Dequeue();
            var allowed = AllowedOptions(command);
            if (token is "--help" or "-h")
            {
                command = "help";
                continue;
            }
            if (token == "--verbose")
            {
                verbose = true;
                continue;
            }
            if (!allowed.Contains(token))
            {
                throw new InvalidInputException($"Unknown option '{token}' for command '{command}'. " +
                    (allowed.Length == 0 ? "It takes no options" : "Options: " + string.Join(", ", allowed)) +
                    "; configuration overrides look like --Output=DIR or --Runs:0:Seed=3. See `help`.");
            }
            switch (token)
            {
                case "--config": config = Value(token); break;
                case "--run": runs.Add(Value(token)); break;
                case "--shard": shard = Configuration.Shard.Parse(Value(token)); break;
                case "--json": json = true; break;
                case "--list": list = true; break;
                case "--resume" or "--overwrite":
                    var policy = token == "--resume" ? Configuration.ExistingRunPolicy.Resume : Configuration.ExistingRunPolicy.Overwrite;
                    if (ifRunExists is { } other && other != policy)
                    {
                        throw new InvalidInputException("--resume and --overwrite exclude each other: resume keeps finished work, overwrite deletes it.");
                    }
                    ifRunExists = policy;
                    break;
                case "--problem": problem = Value(token); break;
                case "--out" or "--output": output = Value(token); break;
                case "--input":
                    input = Value(token);
                    inputs.Add(input);
                    break;
                case "--model": model = Value(token); break;
                case "--truth": truth = Value(token); break;
                case "--samples":
                    var text = Value(token);
                    if (!int.TryParse(text, out var n) || n < 1)
                    {
                        throw new InvalidInputException($"--samples '{text}' is not a positive integer.");
                    }
                    samples = n;
                    break;
                case "--set":
                    var pair = Value(token);
                    var eq = pair.IndexOf('=');
                    if (eq <= 0)
                    {
                        throw new InvalidInputException($"--set '{pair}' must look like Key=Value (an option of the problem plugin).");
                    }
                    settings[pair[..eq]] = pair[(eq + 1)..];
                    break;
            }
        }

        if (command == "generate" && (problem is null || samples is null || output is null))
        {
            throw new InvalidInputException("generate needs --problem NAME --samples N --out FILE.");
        }
        if (command == "merge" && (problem is null || inputs.Count == 0 || output is null))
        {
            throw new InvalidInputException("merge needs --problem NAME --input SHARD.h5 [--input SHARD.h5]... --out FILE.");
        }
        if (command == "solve" && (problem is null || input is null || output is null))
        {
            throw new InvalidInputException("solve needs --problem NAME --input FILE --out DIR.");
        }
        if (command == "report" && output is null)
        {
            throw new InvalidInputException("report needs --output DIR (the Output folder of a run command).");
        }
        if (command == "predict" && (model is null || input is null || output is null))
        {
            throw new InvalidInputException("predict needs --model RUN_DIR --input FILE --out DIR (and optionally --truth FILE_OR_DIR).");
        }
        return new CommandLine(command, overrides, config, runs, json, problem, samples, output, input, settings)
        {
            Model = model,
            Truth = truth,
            IfRunExists = ifRunExists,
            Verbose = verbose,
            Shard = shard,
            List = list,
            Inputs = inputs,
        };
    }

    private static string[] AllowedOptions(string command) => command switch
    {
        "run" => ["--config", "--run", "--resume", "--overwrite", "--shard", "--list"],
        "plugins" => ["--json", "--config"],
        "generate" => ["--problem", "--samples", "--out", "--set", "--config", "--shard"],
        "merge" => ["--problem", "--input", "--out", "--config"],
        "solve" => ["--problem", "--input", "--out", "--set", "--config"],
        "predict" => ["--model", "--input", "--out", "--truth", "--config"],
        "report" => ["--output"],
        _ => [],
    };

    public const string Help = """
        SparsePlugins: sparse Bayesian deep learning with stochastic-gradient MCMC, composed from plugins.

        Usage: SparsePlugins.Host [command] [options] [--Key:Sub=Value ...]

        Commands:
          run [--config FILE] [--run NAME]... [--resume | --overwrite] [--shard i/n]
                 Run the runs of the configuration (default: appsettings.json beside the host). --run picks runs by
                 name (repeatable). --shard i/n runs only the runs at positions k with k mod n = i (i from 0), so that
                 n processes (a Slurm array: --shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT) share a sweep.
                 --list validates the configuration and prints the names of the runs it selects, one per line,
                 without running them (scripts/slurm/submit-sweep.sh sizes the array with it). Writes <Output>/<run>/{status.json,config.json,metrics.csv,summary.json,...} and
                 <Output>/comparison.{md,csv} over every run folder in Output. A run whose folder already holds
                 outputs is refused unless --resume (keep completed runs, continue interrupted ones from their
                 checkpoints) or --overwrite (delete the old outputs first); the setting IfRunExists does the same.
                 Ctrl+C or SIGTERM: the current step finishes, a checkpoint is written, exit code 130.
                 This is the default command.
          plugins [--json]
                 List every discovered plugin (kind, name, version, file, description, options) and the load
                 state of every export or file that was quarantined (Duplicate, Malformed, IncompatibleContract, ...),
                 with the reason; --json lists every load state. The built-in plugins/ beside the host is always
                 scanned; PluginDirectories adds folders.
          generate --problem NAME --samples N --out FILE [--set Key=Value]... [--shard i/n]
                 Write a data set of the problem (e.g. kle-darcy) to FILE; --set sets the problem's options.
                 --shard i/n writes only the i-th of n contiguous shares of the N samples (one per array task);
          merge --problem NAME --input SHARD [--input SHARD]... --out FILE
                 Join the shards of one data set (any order) into FILE, identical to an unsharded generate.
          solve --problem NAME --input FILE --out DIR [--set Key=Value]...
                 Solve one input of the problem (e.g. a permeability CSV) and write the solution into DIR.
          predict --model RUN_DIR --input FILE --out DIR [--truth FILE_OR_DIR]
                 Query a trained surrogate: RUN_DIR is a finished run's folder (its ensemble.h5, the posterior
                 samples). Writes the posterior mean, posterior sd and 95% predictive interval of every output for
                 the input (e.g. kappa.csv or an HDF5 data set); with --truth also the errors and interval coverage.
          report --output DIR
                 Rebuild DIR/comparison.{md,csv} from the run folders in DIR (their summary.json and status.json
                 alone: no training), marking running, interrupted and failed runs, then each problem's own report
                 (Table 1/2 for the Darcy problems) where its plugin is installed.
          help   Show this text.

        Configuration overrides: --Output=DIR, --Runs:0:Seed=7, --Runs:0:Training:Epochs=10 (any configuration key);
        environment variables SPARSEPLUGINS_<Key>__<Sub> do the same.

        Every command takes --verbose: debug logging, and the details (stack trace) of an unexpected failure.

        Exit codes: 0 success; 1 a run failed or diverged (finished runs keep their outputs); 2 bad input;
        130 interrupted (Ctrl+C or SIGTERM; `run --resume` continues).
        """;
}
