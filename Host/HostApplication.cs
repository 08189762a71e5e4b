using SparsePlugins.Abstractions;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SparsePlugins.Host.Cli;
using SparsePlugins.Host.Commands;
using SparsePlugins.Host.Configuration;
using SparsePlugins.Host.Options;
using SparsePlugins.Host.Plugins;
using SparsePlugins.Host.Runs;

namespace SparsePlugins.Host;

/// <summary>
/// Builds the generic host for one command and runs it. Separate from <c>Main</c> so tests can run the whole
/// program in-process with their own writers.
/// </summary>
public static class HostApplication
{
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken cancellation = default)
    {
        NativeRuntime.Apply();
        CommandLine command;
        IHost host;
        try
        {
            command = CommandLine.Parse(args);
            if (command.Command == "help")
            {
                output.WriteLine(CommandLine.Help);
                return ExitCodes.Success;
            }
            host = Build(command, error);
        }
        catch (InvalidInputException e)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.BadInput;
        }

        using (host)
        {
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SparsePlugins");
            try
            {
                var catalog = host.Services.GetRequiredService<PluginCatalog>();
                var settings = host.Services.GetRequiredService<HostSettings>();
                catalog.Discover(PluginFolders.Resolve(settings));
                return command.Command switch
                {
                    "plugins" => host.Services.GetRequiredService<PluginsCommand>().Execute(command.Json, output),
                    "run" => host.Services.GetRequiredService<RunCommand>().Execute(command, output, error, cancellation),
                    "predict" => host.Services.GetRequiredService<PredictCommand>().Execute(command, output, cancellation),
                    "report" => host.Services.GetRequiredService<ReportCommand>().Execute(command.Output!, output),
                    _ => host.Services.GetRequiredService<ProblemToolCommand>().Execute(command, output, cancellation),
                };
            }
            catch (Exception e)
            {
                return Report(e, command.Verbose, error, logger);
            }
        }
    }

    /// <summary>Every failure of a command, mapped to its exit code in one place (<see cref="ExitCodes"/>).</summary>
    private static int Report(Exception e, bool verbose, TextWriter error, ILogger logger)
    {
        var code = ExitCodes.Of(e);
        switch (code)
        {
            case ExitCodes.BadInput:
                error.WriteLine("error: " + ExitCodes.Unwrap(e).Message);
                break;
            case ExitCodes.Interrupted:
                error.WriteLine("Cancelled; finished runs keep their outputs.");
                break;
            default:
                if (verbose) logger.LogError(e, "Failed: {Message}", ExitCodes.Describe(e));
                else logger.LogError("Failed: {Message} (--verbose shows the details)", ExitCodes.Describe(e));
                break;
        }
        return code;
    }

    /// <summary>The generic host; a configuration the configuration system cannot read is the user's to fix.</summary>
    private static IHost Build(CommandLine command, TextWriter error)
    {
        try
        {
            return BuildHost(command, error);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or FileNotFoundException or JsonException)
        {
            throw new InvalidInputException(Describe(e), e);
        }
    }

    private static IHost BuildHost(CommandLine command, TextWriter error)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
        });
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        if (command.ConfigFile is { } file)
        {
            var path = Path.GetFullPath(file);
            CheckConfigurationFile(file, path);
            builder.Configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        else
        {
            builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
            builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, $"appsettings.{environment}.json"), optional: true, reloadOnChange: false);
        }
        builder.Configuration.AddEnvironmentVariables("SPARSEPLUGINS_");
        builder.Configuration.AddCommandLine(command.Overrides.ToArray());
        TopLevelKeys.Check(builder.Configuration);

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        if (command.Verbose) builder.Logging.AddFilter("SparsePlugins", LogLevel.Debug);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o =>
            o.LogToStandardErrorThreshold = LogLevel.Trace);

        var settings = (HostSettings)OptionsBinder.Bind(typeof(HostSettings), "host settings",
            Filter(builder.Configuration, "PluginDirectories", "Output", "CacheDirectory", "IfRunExists", "Device"));
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<PluginCatalog>();
        builder.Services.AddSingleton<RunExecutor>();
        builder.Services.AddSingleton<RunCommand>();
        builder.Services.AddSingleton<PluginsCommand>();
        builder.Services.AddSingleton<ProblemToolCommand>();
        builder.Services.AddSingleton<PredictCommand>();
        builder.Services.AddSingleton<ReportCommand>();
        return builder.Build();
    }

    /// <summary>
    /// The file exists, is a file, and is JSON as the configuration reader accepts it (comments, trailing commas); the
    /// reader's own error has no position, so a syntax error is reported here with its line and column.
    /// </summary>
    private static void CheckConfigurationFile(string file, string path)
    {
        if (Directory.Exists(path))
        {
            throw new InvalidInputException($"Configuration file '{file}' is a directory ({path}); pass a JSON file, e.g. configs/kle-darcy.json.");
        }
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"Configuration file '{file}' does not exist (looked at {path}).");
        }
        try
        {
            using var _ = JsonDocument.Parse(File.ReadAllText(path),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"Configuration file {path} is not valid JSON at line {e.LineNumber + 1}, " +
                                         $"column {e.BytePositionInLine + 1}: {e.Message.Split(" LineNumber:")[0]}");
        }
    }

    /// <summary>The configuration restricted to some top-level keys, for strict binding of the host settings.</summary>
    private static IConfiguration Filter(IConfiguration configuration, params string[] keys)
    {
        var values = new Dictionary<string, string?>();
        foreach (var key in keys)
        {
            var section = configuration.GetSection(key);
            foreach (var (k, v) in section.AsEnumerable()) values[k] = v;
        }
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private static string Describe(Exception e) => e switch
    {
        InvalidDataException or FormatException or JsonException =>
            "the configuration file is not valid JSON: " + (e.InnerException?.Message ?? e.Message),
        _ => e.Message,
    };
}
