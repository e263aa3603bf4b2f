using System.Text.Json;

namespace EdgeWamp.Host.Configuration;

/// <summary>What differs between the running configuration and a newly loaded one, in words for the log.</summary>
/// <remarks>
/// Realms are matched by name and listeners by address, so the log names each one added, removed or changed;
/// the other top-level sections are compared whole. Values are never quoted: a section may hold secrets.
/// </remarks>
internal static class ConfigChanges
{
    /// <summary>One line per change, in the order of the configuration's sections; empty when nothing changed.</summary>
    public static IReadOnlyList<string> Between(EdgeWampConfig running, EdgeWampConfig loaded)
    {
        using JsonDocument before = ToJson(running);
        using JsonDocument after = ToJson(loaded);
        var changes = new List<string>();
        foreach (JsonProperty section in before.RootElement.EnumerateObject())
        {
            JsonElement other = after.RootElement.GetProperty(section.Name);
            switch (section.Name)
            {
                case "realms":
                    CompareItems(section.Value, other, "realm", RealmKey, changes);
                    break;
                case "listeners":
                    CompareItems(section.Value, other, "listener", ListenerKey, changes);
                    break;
                default:
                    if (!SameJson(section.Value, other))
                    {
                        changes.Add($"{section.Name} changed");
                    }

                    break;
            }
        }

        return changes;
    }

    // The generated serializer writes both the same way, so equal configurations give equal text.
    private static JsonDocument ToJson(EdgeWampConfig config) =>
        JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(config, EdgeWampJsonContext.Default.EdgeWampConfig));

    private static bool SameJson(JsonElement a, JsonElement b) => a.GetRawText() == b.GetRawText();

    private static void CompareItems(JsonElement before, JsonElement after, string noun, Func<JsonElement, string> key, List<string> changes)
    {
        Dictionary<string, JsonElement> old = Index(before, key);
        Dictionary<string, JsonElement> current = Index(after, key);
        foreach ((string name, JsonElement item) in old)
        {
            if (!current.TryGetValue(name, out JsonElement now))
            {
                changes.Add($"{noun} {name} removed");
            }
            else if (!SameJson(item, now))
            {
                changes.Add($"{noun} {name} changed");
            }
        }

        foreach (string name in current.Keys)
        {
            if (!old.ContainsKey(name))
            {
                changes.Add($"{noun} {name} added");
            }
        }
    }

    // Validation makes names and addresses unique; the index keeps the first if a file ever repeats one.
    private static Dictionary<string, JsonElement> Index(JsonElement items, Func<JsonElement, string> key)
    {
        var index = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonElement item in items.EnumerateArray())
        {
            index.TryAdd(key(item), item);
        }

        return index;
    }

    private static string RealmKey(JsonElement realm) => $"'{realm.GetProperty("name").GetString()}'";

    private static string ListenerKey(JsonElement listener)
    {
        foreach (string transport in (ReadOnlySpan<string>)["tcp", "unix", "serial"])
        {
            if (listener.TryGetProperty(transport, out JsonElement address) && address.ValueKind == JsonValueKind.String)
            {
                return $"{transport} {address.GetString()}";
            }
        }

        return listener.GetRawText();
    }
}
