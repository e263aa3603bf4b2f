using System.Text;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Protocol.Serialization.Cbor;

namespace EdgeWamp.Devices.Local;

/// <summary>
/// The numeric arguments of an INVOCATION (CBOR Arguments, then ArgumentsKw): booleans read as 1 and 0, and
/// non-numeric values are remembered as present but not numeric, so a handler can reject them by name.
/// Device procedures take a few numbers (<c>write(1)</c>, <c>pulse(duration=200)</c>), so this is all they need.
/// </summary>
public sealed class InvocationArguments
{
    private readonly List<double?> _positional = [];
    private readonly Dictionary<string, double?> _keywords = new(StringComparer.Ordinal);

    /// <summary>How many positional arguments there are.</summary>
    public int PositionalCount => _positional.Count;

    /// <summary>Reads the payload; false when it is not well-formed CBOR of the INVOCATION's shape.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, int count, out InvocationArguments arguments)
    {
        arguments = new InvocationArguments();
        if (count == 0)
        {
            return true;
        }

        var reader = new CborSpanReader(payload);
        if (!reader.TryReadStartArray(out ContainerCursor array))
        {
            return false;
        }

        NextItem next;
        while ((next = reader.MoveNext(ref array)) == NextItem.Item)
        {
            if (!TryReadValue(ref reader, out double? value))
            {
                return false;
            }

            arguments._positional.Add(value);
        }

        if (next != NextItem.End || count < 2)
        {
            return next == NextItem.End;
        }

        if (!reader.TryReadStartMap(out ContainerCursor map))
        {
            return false;
        }

        while ((next = reader.MoveNext(ref map)) == NextItem.Item)
        {
            byte[] scratch = new byte[reader.GetScratchLength()];
            if (!reader.TryReadPropertyName(scratch, out ReadOnlySpan<byte> name) || !TryReadValue(ref reader, out double? value))
            {
                return false;
            }

            arguments._keywords[Encoding.UTF8.GetString(name)] = value;
        }

        return next == NextItem.End;
    }

    /// <summary>
    /// The argument named <paramref name="keyword"/>, else the positional one at <paramref name="position"/>:
    /// <see cref="ArgumentState.Missing"/>, <see cref="ArgumentState.NotNumeric"/> or <see cref="ArgumentState.Number"/>.
    /// </summary>
    public ArgumentState TryGet(string keyword, int position, out double value)
    {
        value = 0;
        double? found;
        if (_keywords.TryGetValue(keyword, out double? named))
        {
            found = named;
        }
        else if (position >= 0 && position < _positional.Count)
        {
            found = _positional[position];
        }
        else
        {
            return ArgumentState.Missing;
        }

        if (found is not { } number)
        {
            return ArgumentState.NotNumeric;
        }

        value = number;
        return ArgumentState.Number;
    }

    private static bool TryReadValue(ref CborSpanReader reader, out double? value)
    {
        value = null;
        if (!reader.TryPeekKind(out WampValueKind kind))
        {
            return false;
        }

        switch (kind)
        {
            case WampValueKind.Boolean:
                bool flag = reader.TryReadBoolean(out bool boolean);
                value = boolean ? 1 : 0;
                return flag;
            case WampValueKind.UnsignedInteger or WampValueKind.NegativeInteger or WampValueKind.Float:
                bool read = reader.TryReadDouble(out double number);
                value = number;
                return read;
            default:
                return reader.TrySkipValue();
        }
    }
}
