using System.Text.RegularExpressions;
using EdgeWamp.Transports.Serial;

namespace EdgeWamp.Host.Configuration;

internal sealed partial class ConfigValidator
{
    // The regex engine gives up on a pattern that backtracks longer than this on one line; a line is at most 1 KiB.
    private static readonly TimeSpan PatternCheckTimeout = TimeSpan.FromSeconds(1);

    private void CheckSerialListeners(IReadOnlyList<ListenerConfig> listeners, IReadOnlyList<RealmConfig> realms)
    {
        for (var i = 0; i < listeners.Count; i++)
        {
            if (listeners[i].Serial is not null)
            {
                CheckSerial(listeners[i], $"$.listeners[{i}]", realms);
            }
            else if (listeners[i].Line is not null)
            {
                Error($"$.listeners[{i}].line", "'line' is only valid on a 'serial' listener with \"framing\": \"line\"");
            }
        }
    }

    private void CheckSerial(ListenerConfig listener, string path, IReadOnlyList<RealmConfig> realms)
    {
        if (listener.Baud >= 1 && !SerialPortSettings.StandardBaudRates.Contains(listener.Baud))
        {
            Error($"{path}.baud", $"{listener.Baud} is not a standard baud rate; use one of: {string.Join(", ", SerialPortSettings.StandardBaudRates.Order())}");
        }

        if (listener.DataBits is < 5 or > 8)
        {
            Error($"{path}.dataBits", $"{listener.DataBits} is out of range; a character has 5 to 8 data bits");
        }

        if (listener.StopBits is not (1 or 2))
        {
            Error($"{path}.stopBits", $"{listener.StopBits} is out of range; use 1 or 2 stop bits");
        }

        if (!ConfigVocabulary.Parities.Contains(listener.Parity))
        {
            Error($"{path}.parity", $"unknown parity '{listener.Parity}'; expected one of: {string.Join(", ", ConfigVocabulary.Parities)}");
        }

        if (!ConfigVocabulary.FlowControls.Contains(listener.FlowControl))
        {
            Error($"{path}.flowControl", $"unknown flow control '{listener.FlowControl}'; expected one of: {string.Join(", ", ConfigVocabulary.FlowControls)}");
        }

        if (listener.PingIntervalMs < 0)
        {
            Error($"{path}.pingIntervalMs", $"{listener.PingIntervalMs} is out of range; use 0 to turn pings off, or a positive interval");
        }

        if (listener.PingTimeoutMs < 1)
        {
            Error($"{path}.pingTimeoutMs", $"{listener.PingTimeoutMs} is out of range; a ping timeout is positive");
        }

        bool isLine = listener.Framing == ConfigVocabulary.FramingLine;
        if (isLine && listener.Line is null)
        {
            Error(path, "\"framing\": \"line\" needs a 'line' object saying how lines become publications");
        }
        else if (!isLine && listener.Line is not null)
        {
            Error($"{path}.line", "'line' is only valid with \"framing\": \"line\"");
        }

        if (listener.Line is { } line)
        {
            CheckLineBridge(line, $"{path}.line", realms);
        }
    }

    private void CheckLineBridge(LineBridgeConfig line, string path, IReadOnlyList<RealmConfig> realms)
    {
        if (!realms.Any(realm => realm.Name == line.Realm))
        {
            Error($"{path}.realm", $"no realm named '{line.Realm}'; the bridge must join a configured realm");
        }

        if (line.WriteProcedure is { } procedure && WampUriRules.CheckPattern(procedure, ConfigVocabulary.MatchExact) is { } procedureProblem)
        {
            Error($"{path}.writeProcedure", procedureProblem);
        }

        if (line.LineEnding.Length == 0)
        {
            Error($"{path}.lineEnding", "a line ending must not be empty");
        }

        if (line.Rules.Count == 0)
        {
            Error($"{path}.rules", "at least one rule is required");
        }

        for (var i = 0; i < line.Rules.Count; i++)
        {
            CheckLineRule(line.Rules[i], $"{path}.rules[{i}]");
        }
    }

    private void CheckLineRule(LineRuleConfig rule, string path)
    {
        if (!ConfigVocabulary.LineFormats.Contains(rule.Format))
        {
            Error($"{path}.format", $"unknown format '{rule.Format}'; expected one of: {string.Join(", ", ConfigVocabulary.LineFormats)}");
        }

        if (WampUriRules.CheckPattern(rule.Topic, ConfigVocabulary.MatchExact) is { } topicProblem)
        {
            Error($"{path}.topic", topicProblem);
        }

        Regex? regex = null;
        if (rule.Format == ConfigVocabulary.LineFormatRegex)
        {
            if (string.IsNullOrEmpty(rule.Pattern))
            {
                Error(path, "format 'regex' needs a 'pattern' with named groups, e.g. \"T=(?<temperature>[0-9.]+)\"");
            }
            else
            {
                try
                {
                    regex = new Regex(rule.Pattern, RegexOptions.CultureInvariant, PatternCheckTimeout);
                }
                catch (ArgumentException exception)
                {
                    Error($"{path}.pattern", $"not a valid regular expression: {exception.Message}");
                }
            }
        }
        else if (rule.Pattern is not null)
        {
            Error($"{path}.pattern", "'pattern' is only valid with format 'regex'");
        }

        for (var i = 0; i < rule.Fields.Count; i++)
        {
            LineFieldConfig field = rule.Fields[i];
            string fieldPath = $"{path}.fields[{i}]";
            CheckNotEmpty(field.Key, $"{fieldPath}.key", "the key");
            if (regex is not null && field.Key.Length > 0 && regex.GroupNumberFromName(field.Key) < 0)
            {
                Error($"{fieldPath}.key", $"the pattern has no group named '{field.Key}'");
            }

            if (!ConfigVocabulary.FieldTypes.Contains(field.Type))
            {
                Error($"{fieldPath}.type", $"unknown type '{field.Type}'; expected one of: {string.Join(", ", ConfigVocabulary.FieldTypes)}");
            }

            if (field.Type != ConfigVocabulary.FieldNumber && (field.Scale != 1 || field.Offset != 0))
            {
                Error($"{fieldPath}.type", "'scale' and 'offset' apply only to type 'number'");
            }

            if (double.IsNaN(field.Scale) || double.IsInfinity(field.Scale) || double.IsNaN(field.Offset) || double.IsInfinity(field.Offset))
            {
                Error(fieldPath, "'scale' and 'offset' must be finite numbers");
            }

            string quantity = field.Quantity ?? field.Key;
            if (quantity.Length > 0 && WampUriRules.CheckPattern($"{rule.Topic}.{quantity}", ConfigVocabulary.MatchExact) is { } quantityProblem)
            {
                Error($"{fieldPath}.{(field.Quantity is null ? "key" : "quantity")}", quantityProblem);
            }
        }
    }
}
