using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace EdgeWamp.Protocol.Tests.TestSupport;

/// <summary>
/// The WAMP specification's single-message test vectors, carried in TestData/wamp-testsuite (origin and commit in ABOUT.txt there)
/// and copied to the output directory by the test project.
/// </summary>
internal static class WampTestSuite
{
    private static readonly ConcurrentDictionary<string, JsonObject> Cache = new(StringComparer.Ordinal);

    public static string Root => Path.Combine(AppContext.BaseDirectory, "TestData", "wamp-testsuite");

    /// <summary>Vector files relative to <see cref="Root"/>, e.g. "basic/call.json", in a stable order.</summary>
    public static IReadOnlyList<string> Files =>
        [.. Directory.EnumerateFiles(Root, "*.json", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Where(path => path.Contains('/', StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    public static JsonObject Load(string file) =>
        Cache.GetOrAdd(file, static f => JsonNode.Parse(File.ReadAllText(Path.Combine(Root, f)))!.AsObject());

    public static JsonObject Sample(string file, int index) => Load(file)["samples"]![index]!.AsObject();
}
