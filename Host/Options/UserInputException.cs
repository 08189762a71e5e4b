namespace SparsePlugins.Host.Options;

/// <summary>Bad input from the user (configuration, command line, files): exit code 2, message says the fix.</summary>
public sealed class UserInputException(string message) : Exception(message);
