namespace EdgeWamp.Host.Configuration;

/// <summary>
/// UTF-8 source bytes with an index of line starts, to turn the byte offsets that
/// <see cref="System.Text.Json.Utf8JsonReader"/> reports into the line and column a text editor shows.
/// </summary>
internal sealed class SourceText
{
    private readonly byte[] _utf8;
    private readonly List<int> _lineStarts = [0];

    public SourceText(byte[] utf8)
    {
        _utf8 = utf8;
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>The bytes, without a byte order mark.</summary>
    public ReadOnlySpan<byte> Utf8 => _utf8;

    /// <summary>The position of the byte at <paramref name="offset"/>.</summary>
    /// <remarks>Columns count code points, not bytes, so a line with non-ASCII text still points at the right character.</remarks>
    public TextPosition GetPosition(long offset)
    {
        var clamped = (int)Math.Clamp(offset, 0, _utf8.Length);
        var line = _lineStarts.BinarySearch(clamped);
        if (line < 0)
        {
            // Not a line start: BinarySearch returns the complement of the next line's index.
            line = ~line - 1;
        }

        var column = 1;
        for (var i = _lineStarts[line]; i < clamped; i++)
        {
            // UTF-8 continuation bytes (10xxxxxx) belong to the code point before them.
            if ((_utf8[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return new TextPosition(line + 1, column);
    }

    /// <summary>The byte offset of a 0-based line and byte-in-line pair, as <see cref="System.Text.Json.JsonException"/> reports them.</summary>
    public long GetOffset(long line, long bytePositionInLine)
    {
        var start = line < _lineStarts.Count ? _lineStarts[(int)line] : _utf8.Length;
        return Math.Min(start + bytePositionInLine, _utf8.Length);
    }
}
