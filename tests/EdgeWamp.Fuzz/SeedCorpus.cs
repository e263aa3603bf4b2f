using System.Text.Json;
using EdgeWamp.Protocol.Serialization;

namespace EdgeWamp.Fuzz;

/// <summary>The WAMP spec's test vectors (testsuite/ of wamp-proto), as raw messages per serializer: the fuzz seeds.</summary>
public sealed class SeedCorpus
{
    private readonly Dictionary<WampSerializer, List<byte[]>> _messages = [];

    private SeedCorpus()
    {
    }

    /// <summary>Every vector message of every serializer.</summary>
    public IReadOnlyList<byte[]> All => [.. _messages.Values.SelectMany(list => list)];

    public IReadOnlyList<byte[]> MessagesOf(WampSerializer serializer) =>
        _messages.TryGetValue(serializer, out List<byte[]>? list) ? list : [];

    /// <summary>
    /// Loads the vectors copied beside the harness (TestData/wamp-testsuite), or, when run from a source tree without
    /// that copy, those under tests/EdgeWamp.Protocol.Tests.
    /// </summary>
    public static SeedCorpus Load()
    {
        string root = FindRoot();
        var corpus = new SeedCorpus();
        foreach (string file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file) == "SCHEMA.json")
            {
                continue;
            }

            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(file));
            if (!document.RootElement.TryGetProperty("samples", out JsonElement samples))
            {
                continue;
            }

            foreach (JsonElement sample in samples.EnumerateArray())
            {
                corpus.AddSample(sample);
            }
        }

        if (corpus._messages.Count == 0)
        {
            throw new InvalidOperationException($"no test vectors found under {root}");
        }

        return corpus;
    }

    private void AddSample(JsonElement sample)
    {
        if (!sample.TryGetProperty("serializers", out JsonElement serializers))
        {
            return;
        }

        foreach (JsonProperty entry in serializers.EnumerateObject())
        {
            WampSerializer serializer = entry.Name switch
            {
                "json" => WampSerializer.Json,
                "msgpack" => WampSerializer.MsgPack,
                "cbor" => WampSerializer.Cbor,
                "ubjson" => WampSerializer.UbJson,
                _ => WampSerializer.None,
            };
            if (serializer == WampSerializer.None || entry.Value.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (JsonElement variant in entry.Value.EnumerateArray())
            {
                if (variant.TryGetProperty("bytes_hex", out JsonElement hex) && hex.GetString() is { Length: > 0 } text)
                {
                    if (!_messages.TryGetValue(serializer, out List<byte[]>? list))
                    {
                        _messages[serializer] = list = [];
                    }

                    list.Add(Convert.FromHexString(text));
                }
            }
        }
    }

    private static string FindRoot()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "TestData", "wamp-testsuite");
        if (Directory.Exists(beside))
        {
            return beside;
        }

        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "tests", "EdgeWamp.Protocol.Tests", "TestData", "wamp-testsuite");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("the WAMP test vectors (TestData/wamp-testsuite) were not found");
    }
}
