namespace EdgeWamp.Host.Configuration;

/// <summary>One problem in a configuration file, located the way a compiler locates one.</summary>
/// <param name="Source">The file name (or another name for where the text came from).</param>
/// <param name="Path">The JSONPath of the offending value, e.g. <c>$.listeners[1].tcp</c>.</param>
/// <param name="Position">1-based line and column of the value, or <see cref="TextPosition.None"/>.</param>
/// <param name="Message">What is wrong, in words a user can act on.</param>
internal sealed record ConfigError(string Source, string Path, TextPosition Position, string Message)
{
    public int Line => Position.Line;

    public int Column => Position.Column;

    /// <summary>Formats as <c>FILE:LINE:COLUMN: $.path: message</c>, which editors and CI logs link to the place.</summary>
    public override string ToString() => Position.IsKnown
        ? $"{Source}:{Position.Line}:{Position.Column}: {Path}: {Message}"
        : $"{Source}: {Path}: {Message}";
}
