namespace EdgeWamp.Devices.Tests.TestSupport;

/// <summary>A temporary folder standing in for /sys or /proc: files written with the kernel's exact text.</summary>
internal sealed class FakeTree : IDisposable
{
    public FakeTree()
    {
        Root = Directory.CreateTempSubdirectory("edgewamp-fake-").FullName;
    }

    public string Root { get; }

    public FakeTree File(string relativePath, string content)
    {
        string path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return this;
    }

    public void Delete(string relativePath) => System.IO.File.Delete(Path.Combine(Root, relativePath));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
