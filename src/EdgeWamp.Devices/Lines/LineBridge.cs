using System.Globalization;
using System.Text;
using EdgeWamp.Devices.Local;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Serialization.Cbor;
using EdgeWamp.Router;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Devices.Lines;

/// <summary>
/// Bridges a device that prints text lines into a realm (docs/serial.md, "Line bridge"): each line is read by the
/// first rule that finds values in it, and each value is published through an in-process <see cref="LocalSession"/>
/// to <c>topic.quantity</c> with ArgumentsKw <c>{value, unit, ts}</c> (DESIGN.md, "URI conventions for the board";
/// <c>ts</c> in Unix milliseconds). The optional write procedure sends its first argument to the device as a line.
/// </summary>
public sealed class LineBridge : IAsyncDisposable
{
    private readonly LineBridgeOptions _options;
    private readonly ILineWriter _writer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LocalSession _session;
    private readonly List<LineValue> _values = [];
    private readonly OutputBuffer _payload = new(256);
    private readonly StringBuilder _topic = new(64);

    public LineBridge(LineBridgeOptions options, ILineWriter writer, TimeProvider time, ILogger logger)
    {
        _options = options;
        _writer = writer;
        _time = time;
        _logger = logger;
        _session = new LocalSession($"line bridge {options.Name}", logger);
    }

    /// <summary>Lines that a rule matched.</summary>
    public long MatchedLines { get; private set; }

    /// <summary>Lines no rule matched (noise, unknown sentences, bad checksums).</summary>
    public long UnmatchedLines { get; private set; }

    /// <summary>Values published.</summary>
    public long Publications { get; private set; }

    public bool IsJoined => _session.IsJoined;

    /// <summary>Joins the realm (authenticated like a client of a listener with <paramref name="authMethods"/>) and registers the write procedure.</summary>
    public async Task StartAsync(WampRouter router, AuthMethods authMethods, CancellationToken cancellationToken, string? authRole = null)
    {
        await _session.JoinAsync(router, authMethods, _options.Realm, cancellationToken, authRole).ConfigureAwait(false);
        if (_options.WriteProcedure is { } procedure)
        {
            await _session.RegisterAsync(procedure, WriteLine, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Handles one line from the device (called by the serial link's reader, one line at a time).</summary>
    public void OnLine(ReadOnlySpan<byte> bytes)
    {
        if (!_session.IsJoined)
        {
            _logger.LineBeforeJoin(_options.Name);
            return;
        }

        string line = Encoding.UTF8.GetString(bytes).Trim();
        if (line.Length == 0)
        {
            return;
        }

        foreach (LineRule rule in _options.Rules)
        {
            _values.Clear();
            if (Read(rule, line) && PublishValues(rule) > 0)
            {
                MatchedLines++;
                return;
            }
        }

        UnmatchedLines++;
        _logger.LineUnmatched(_options.Name, line);
    }

    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync().ConfigureAwait(false);
        _payload.Dispose();
    }

    private bool Read(LineRule rule, string line)
    {
        switch (rule.Format)
        {
            case LineFormat.KeyValue:
                return KeyValueLine.Parse(line, _values) > 0;
            case LineFormat.Nmea:
                return NmeaSentence.TryParse(line, _values);
            default:
                System.Text.RegularExpressions.Match match = rule.Pattern!.Match(line);
                if (!match.Success)
                {
                    return false;
                }

                foreach (System.Text.RegularExpressions.Group group in match.Groups)
                {
                    if (group.Success && !char.IsDigit(group.Name[0]))
                    {
                        _values.Add(LineValue.FromText(group.Name, group.Value));
                    }
                }

                return _values.Count > 0;
        }
    }

    /// <summary>Publishes the rule's fields found among the values (or every value when it names none).</summary>
    private int PublishValues(LineRule rule)
    {
        long timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds();
        int published = 0;
        if (rule.Fields.Count == 0)
        {
            foreach (LineValue value in _values)
            {
                published += Publish(rule, new LineField { Key = value.Key, Type = LineValueType.Auto, Unit = value.Unit }, value, timestamp) ? 1 : 0;
            }

            return published;
        }

        foreach (LineField field in rule.Fields)
        {
            foreach (LineValue value in _values)
            {
                if (value.Key == field.Key)
                {
                    published += Publish(rule, field, value, timestamp) ? 1 : 0;
                    break;
                }
            }
        }

        return published;
    }

    private bool Publish(LineRule rule, LineField field, LineValue value, long timestamp)
    {
        _payload.Clear();
        var writer = new CborWriter(_payload);
        writer.WriteStartArray(0);
        writer.WriteEndArray();
        string? unit = field.Unit ?? (field.Type is LineValueType.Number or LineValueType.Auto ? value.Unit : null);
        writer.WriteStartMap(unit is null ? 2 : 3);
        writer.WritePropertyName("value"u8);
        if (!WriteValue(ref writer, field, value))
        {
            _logger.LineValueInvalid(_options.Name, field.Key, value.Text ?? value.Number.ToString(CultureInfo.InvariantCulture), field.Type.ToString());
            return false;
        }

        if (unit is not null)
        {
            writer.WritePropertyName("unit"u8);
            writer.WriteString(Encoding.UTF8.GetBytes(unit));
        }

        writer.WritePropertyName("ts"u8);
        writer.WriteInt64(timestamp);
        writer.WriteEndMap();

        _topic.Clear().Append(rule.Topic).Append('.').Append(field.Quantity ?? field.Key);
        if (!_session.Publish(Encoding.UTF8.GetBytes(_topic.ToString()), _payload.WrittenSpan, 2))
        {
            return false;
        }

        Publications++;
        return true;
    }

    /// <summary>Converts and writes the value; false when the text is not a valid value of the field's type.</summary>
    private static bool WriteValue(ref CborWriter writer, LineField field, LineValue value)
    {
        string? text = value.Text;
        switch (field.Type)
        {
            case LineValueType.Number:
                double number = value.Number;
                if (text is not null && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number))
                {
                    return false;
                }

                writer.WriteDouble((number * field.Scale) + field.Offset);
                return true;
            case LineValueType.Integer:
                long integer = (long)value.Number;
                if (text is not null ? !long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out integer) : value.Number != Math.Floor(value.Number))
                {
                    return false;
                }

                writer.WriteInt64(integer);
                return true;
            case LineValueType.Boolean:
                if (!TryParseBoolean(text ?? value.Number.ToString(CultureInfo.InvariantCulture), out bool flag))
                {
                    return false;
                }

                writer.WriteBoolean(flag);
                return true;
            case LineValueType.String:
                writer.WriteString(Encoding.UTF8.GetBytes(text ?? value.Number.ToString(CultureInfo.InvariantCulture)));
                return true;
            default:
                if (text is null)
                {
                    WriteNumber(ref writer, value.Number);
                }
                else if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long autoInteger))
                {
                    writer.WriteInt64(autoInteger);
                }
                else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double autoNumber))
                {
                    writer.WriteDouble(autoNumber);
                }
                else
                {
                    writer.WriteString(Encoding.UTF8.GetBytes(text));
                }

                return true;
        }
    }

    /// <summary>Counts (satellites, fix quality) stay integers; measurements are doubles.</summary>
    private static void WriteNumber(ref CborWriter writer, double number)
    {
        if (number == Math.Floor(number) && Math.Abs(number) < 1e15)
        {
            writer.WriteInt64((long)number);
        }
        else
        {
            writer.WriteDouble(number);
        }
    }

    private static bool TryParseBoolean(string text, out bool value)
    {
        switch (text.ToUpperInvariant())
        {
            case "1" or "TRUE" or "ON" or "YES" or "HIGH":
                value = true;
                return true;
            case "0" or "FALSE" or "OFF" or "NO" or "LOW":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>The write procedure: its first argument, a string, goes to the device as one line.</summary>
    private string? WriteLine(ReadOnlySpan<byte> arguments, int count)
    {
        if (!LocalSession.TryReadFirstString(arguments, count, out string line))
        {
            return "wamp.error.invalid_argument";
        }

        return _writer.TryWriteLine(Encoding.UTF8.GetBytes(line)) ? null : "edgewamp.error.device_unavailable";
    }
}
