namespace EdgeWamp.Host.Tests;

/// <summary>A file with the given text in a fresh temporary directory, deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    private readonly string _directory;

    public TempFile(string text, string name = "config.json")
    {
        _directory = Directory.CreateTempSubdirectory("edgewamp-test-").FullName;
        Path = System.IO.Path.Combine(_directory, name);
        File.WriteAllText(Path, text);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
