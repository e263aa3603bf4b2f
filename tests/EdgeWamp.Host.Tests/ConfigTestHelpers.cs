using EdgeWamp.Host.Configuration;
using Xunit;

namespace EdgeWamp.Host.Tests;

/// <summary>Loads inline JSON and asserts on the errors, so each test shows only the document and the expectation.</summary>
internal static class ConfigTestHelpers
{
    public const string Source = "test.json";

    public static IReadOnlyList<ConfigError> Errors(string json)
    {
        var result = ConfigLoader.Load(json, Source);
        Assert.False(result.IsValid, "expected the configuration to be invalid");
        Assert.Null(result.Config);
        return result.Errors;
    }

    public static EdgeWampConfig Valid(string json)
    {
        var result = ConfigLoader.Load(json, Source);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Empty(result.Errors);
        return result.Config;
    }

    /// <summary>Asserts the document has exactly one error, at the given path and position, and returns its message.</summary>
    public static string SingleError(string json, string path, int line, int column)
    {
        var error = Assert.Single(Errors(json));
        Assert.Equal(Source, error.Source);
        Assert.Equal(path, error.Path);
        Assert.Equal((line, column), (error.Line, error.Column));
        return error.Message;
    }
}
