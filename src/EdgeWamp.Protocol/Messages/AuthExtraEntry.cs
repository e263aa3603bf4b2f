namespace EdgeWamp.Protocol.Messages;

/// <summary>
/// One entry of an authentication Extra/authextra map the router writes (CHALLENGE.Extra, WELCOME.Details.authextra):
/// a string, an unsigned integer, or null when neither is given.
/// </summary>
public readonly record struct AuthExtraEntry(string Key, string? Text = null, ulong? Number = null)
{
    internal void WriteTo<TWriter>(ref TWriter writer)
        where TWriter : struct, Serialization.IWampWriter
    {
        writer.WritePropertyName(System.Text.Encoding.UTF8.GetBytes(Key));
        if (Text is not null)
        {
            writer.WriteString(System.Text.Encoding.UTF8.GetBytes(Text));
        }
        else if (Number is { } number)
        {
            writer.WriteUInt64(number);
        }
        else
        {
            writer.WriteNull();
        }
    }

    internal static void WriteMap<TWriter>(ref TWriter writer, ReadOnlySpan<AuthExtraEntry> entries)
        where TWriter : struct, Serialization.IWampWriter
    {
        writer.WriteStartMap(entries.Length);
        foreach (AuthExtraEntry entry in entries)
        {
            entry.WriteTo(ref writer);
        }

        writer.WriteEndMap();
    }
}
