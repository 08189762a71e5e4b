using SparsePlugins.Tests.Support;

namespace SparsePlugins.Tests.Host;

/// <summary>Bad input gets one clear message naming the problem and the fix, and exit code 2.</summary>
public sealed class ConfigurationErrorTests
{
    [Fact]
    public void Unknown_plugin_lists_the_available_names_of_its_kind()
    {
        using var temp = new TempDirectory();
        var run = RunConfig.Regression();
        run["Sampler"] = new Dictionary<string, object?> { ["Name"] = "sgld-typo" };
        run.Remove("Method");
        run["Prior"] = new Dictionary<string, object?> { ["Name"] = "gaussian" };

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, run));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown sampler plugin 'sgld-typo'", result.Error, StringComparison.Ordinal);
        Assert.Contains("Available sampler plugins: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("sgld", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("out")), "nothing may run when the configuration is invalid");
    }

    [Fact]
    public void Invalid_options_list_every_violation()
    {
        using var temp = new TempDirectory();
        var run = RunConfig.Regression();
        run["Sampler"] = new Dictionary<string, object?>
        {
            ["Options"] = new Dictionary<string, object?> { ["StepSize"] = -1, ["Temperature"] = "warm", ["Stepsise"] = 1 },
        };

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, run));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("StepSize", result.Error, StringComparison.Ordinal);
        Assert.Contains("'Temperature' = 'warm' is not a valid double", result.Error, StringComparison.Ordinal);
        Assert.Contains("unknown option 'Stepsise'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_options_are_validated_together()
    {
        using var temp = new TempDirectory();
        var run = RunConfig.Regression(epochs: 10, burnIn: 10);

        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, run));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("BurnIn (10) must be smaller than Epochs (10)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_method_names_the_recipes()
    {
        using var temp = new TempDirectory();
        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, RunConfig.Regression(method: "HMC")));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown Method 'HMC'", result.Error, StringComparison.Ordinal);
        Assert.Contains("PSGLD-SA", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_run_names_are_rejected()
    {
        using var temp = new TempDirectory();
        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, RunConfig.Regression("a"), RunConfig.Regression("a")));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Run name 'a' is used 2 times", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_configuration_file_is_named()
    {
        var result = HostRun.Invoke("run", "--config", "/nonexistent/config.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'/nonexistent/config.json' does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_configuration_file_is_reported_as_invalid_json()
    {
        using var temp = new TempDirectory();
        var path = RunConfig.WriteRaw(temp, "{ \"Runs\": [ { \"Name\": ");

        var result = HostRun.Invoke("run", "--config", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not valid JSON", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_typo_in_a_command_option_is_not_swallowed_as_configuration()
    {
        var result = HostRun.Invoke("run", "--cofig", "x.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Unknown option '--cofig'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Selecting_a_run_that_does_not_exist_lists_the_runs()
    {
        using var temp = new TempDirectory();
        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, RunConfig.Regression("only")), "--run", "other");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No run named 'other'", result.Error, StringComparison.Ordinal);
        Assert.Contains("only", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_top_level_key_in_any_source_names_the_closest_known_key()
    {
        using var temp = new TempDirectory();
        var config = RunConfig.Write(temp, RunConfig.Regression());
        var typo = temp.File("typo.json");
        File.WriteAllText(typo, File.ReadAllText(config).Replace("\"Output\"", "\"Ouput\"", StringComparison.Ordinal));

        var inFile = HostRun.Invoke("run", "--config", typo);
        var inOverride = HostRun.Invoke("run", "--config", config, "--CacheDirectry=c");

        Assert.Equal(2, inFile.ExitCode);
        Assert.Contains("unknown key 'Ouput' in the configuration file", inFile.Error, StringComparison.Ordinal);
        Assert.Contains("did you mean 'Output'?", inFile.Error, StringComparison.Ordinal);
        Assert.Equal(2, inOverride.ExitCode);
        Assert.Contains("unknown key 'CacheDirectry' in the command-line overrides; did you mean 'CacheDirectory'?", inOverride.Error,
            StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("out")), "nothing may run when the configuration is invalid");
    }

    [Fact]
    public void An_override_of_a_run_the_file_does_not_have_says_so()
    {
        using var temp = new TempDirectory();
        var result = HostRun.Invoke("run", "--config", RunConfig.Write(temp, RunConfig.Regression()), "--Runs:5:Seed=3");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("set Runs:5, but the configuration file has 1 run(s), Runs:0 to Runs:0", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("linear-regression", "x.h5", ".csv")]
    [InlineData("kle-darcy", "x.csv", ".h5")]
    [InlineData("channelized-darcy", "x", ".h5")]
    public void Generate_refuses_an_output_file_whose_extension_is_not_its_format(string problem, string file, string expected)
    {
        using var temp = new TempDirectory();
        var result = HostRun.Invoke("generate", "--problem", problem, "--samples", "5", "--out", temp.File(file));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File(file)));
    }

    [Fact]
    public void Invalid_json_is_reported_with_its_line_and_column_and_a_directory_as_a_directory()
    {
        using var temp = new TempDirectory();
        var broken = temp.File("broken.json");
        File.WriteAllText(broken, "{\n  \"Output\": \"x\",\n  \"Runs\": [ { \"Name\": \"a\",, } ]\n}\n");

        var json = HostRun.Invoke("run", "--config", broken);
        var directory = HostRun.Invoke("run", "--config", temp.Path);

        Assert.Equal(2, json.ExitCode);
        Assert.Contains("not valid JSON at line 3, column", json.Error, StringComparison.Ordinal);
        Assert.Equal(2, directory.ExitCode);
        Assert.Contains("is a directory", directory.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_that_cannot_be_written_is_bad_input_before_any_work()
    {
        using var temp = new TempDirectory();
        var file = temp.File("a-file");
        File.WriteAllText(file, "");
        var blocked = Path.Combine(file, "out"); // a folder cannot be created inside a file, even by root

        var run = HostRun.Invoke("run", "--config", RunConfig.Write(temp, RunConfig.Regression()), $"--Output={blocked}");
        var generate = HostRun.Invoke("generate", "--problem", "kle-darcy", "--samples", "5", "--out", Path.Combine(blocked, "x.h5"));
        var solve = HostRun.Invoke("solve", "--problem", "kle-darcy", "--input", file, "--out", blocked);

        foreach (var result in new[] { run, generate, solve })
        {
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("cannot be written", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        }
    }
}
