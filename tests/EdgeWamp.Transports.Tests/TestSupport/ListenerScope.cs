using System.Net;
using EdgeWamp.Transports.RawSocket;

namespace EdgeWamp.Transports.Tests.TestSupport;

/// <summary>Listeners on 127.0.0.1:0 for one test, disposed at its end with a check that no connection is left over and nothing logged an error.</summary>
internal sealed class ListenerScope : IAsyncDisposable
{
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(10);

    private readonly List<RawSocketListener> _listeners = [];

    public TestLogger Log { get; } = new();

    public RecordingPeerFactory Peers { get; } = new();

    public RawSocketListener Start(Func<IPEndPoint, RawSocketListenerOptions> options)
    {
        var listener = new RawSocketListener(options(new IPEndPoint(IPAddress.Loopback, 0)), Peers, Log);
        listener.Start();
        _listeners.Add(listener);
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (RawSocketListener listener in _listeners)
        {
            await listener.DisposeAsync().AsTask().WaitAsync(TestTimeout);
            Assert.Equal(0, listener.ConnectionCount);
        }

        Log.AssertNoErrors();
    }
}
