namespace EdgeWamp.Host.Configuration;

/// <summary>A 1-based line and column in a source file; (0, 0) when an error has no place in the text.</summary>
internal readonly record struct TextPosition(int Line, int Column)
{
    /// <summary>The position of errors about the file as a whole, such as a missing file.</summary>
    public static TextPosition None => default;

    /// <summary>True when the position points into the text.</summary>
    public bool IsKnown => Line > 0;
}
