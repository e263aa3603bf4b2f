namespace EdgeWamp.Host.Configuration;

/// <summary>A semantic error found on the deserialized model; the loader turns the path into a line and column.</summary>
internal readonly record struct ValidationError(string Path, string Message);
