using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.Versioning;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Transports.RawSocket;
using EdgeWamp.Transports.Tests.TestSupport;

namespace EdgeWamp.Transports.Tests.RawSocket;

/// <summary>The Unix socket file's group and mode (listener <c>group</c> and <c>mode</c>), checked with the real stat(1).</summary>
[UnsupportedOSPlatform("windows")]
public sealed class UnixSocketGroupTests : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ewg-");
    private readonly TestLogger _log = new();
    private readonly RecordingPeerFactory _peers = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));
    private RawSocketListener? _listener;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync();
        }

        _directory.Delete(recursive: true);
        _timeout.Dispose();
        _log.AssertNoErrors();
    }

    [Fact]
    public async Task Start_WithGroupAndMode_SocketFileHasThemAndAccepts()
    {
        // Root may give a file to any group; anyone else only to a group they belong to: their own primary group.
        string group = Environment.UserName == "root" ? "daemon" : Run("id", "-gn");
        string path = Path.Combine(_directory.FullName, "g.sock");
        const UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
        _listener = new RawSocketListener(new RawSocketListenerOptions { EndPoint = new UnixDomainSocketEndPoint(path), UnixFileMode = mode, UnixGroup = group }, _peers, _log);

        _listener.Start();

        Assert.Equal(group, Run("stat", "-c", "%G", path));
        Assert.Equal("660", Run("stat", "-c", "%a", path));
        using RawSocketTestClient client = await RawSocketTestClient.ConnectAsync(new UnixDomainSocketEndPoint(path), _timeout.Token);
        await client.HandshakeAcceptedAsync(_timeout.Token);
        Assert.Equal(WampSerializer.Cbor, (await _peers.NextPeerAsync(_timeout.Token)).Connection.Serializer);
    }

    [Fact]
    public void Start_GroupDoesNotExist_ThrowsAClearErrorAndLeavesNoSocketFile()
    {
        string path = Path.Combine(_directory.FullName, "n.sock");
        var listener = new RawSocketListener(new RawSocketListenerOptions { EndPoint = new UnixDomainSocketEndPoint(path), UnixGroup = "edgewamp-no-such-group" }, _peers, _log);

        IOException error = Assert.Throws<IOException>(listener.Start);

        Assert.Equal("the group 'edgewamp-no-such-group' does not exist (create it with groupadd, or fix the listener's 'group')", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Resolve_NumericGroup_IsTakenAsTheId()
    {
        Assert.Equal(4242u, UnixSocketGroup.Resolve("4242"));
        Assert.Equal(0u, UnixSocketGroup.Resolve("root"));
    }

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
