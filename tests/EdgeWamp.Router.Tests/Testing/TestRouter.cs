using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Sessions;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Router.Tests.Testing;

/// <summary>
/// A <see cref="WampRouter"/> with in-memory clients. On dispose it ends every transport the router closed (as a
/// transport's read loop would) and fails the test if a session leaked or anything was logged at Error or above.
/// </summary>
internal sealed class TestRouter : IDisposable
{
    public const string RealmName = "realm1";

    public const WampAction AllActions = WampAction.Call | WampAction.Register | WampAction.Publish | WampAction.Subscribe;

    private readonly List<TestClient> _clients = [];

    public TestRouter()
        : this(AllowAllRealm(RealmName))
    {
    }

    public TestRouter(params RealmOptions[] realms)
    {
        Router = new WampRouter(realms, Log);
    }

    /// <summary>A router whose timers (call timeouts) run on <paramref name="time"/>, e.g. a <see cref="ManualTimeProvider"/>.</summary>
    public TestRouter(TimeProvider time, params RealmOptions[] realms)
    {
        Router = new WampRouter(realms.Length == 0 ? [AllowAllRealm(RealmName)] : realms, Log, time);
    }

    /// <summary>
    /// A router with authentication principals; the checks run inline unless <paramref name="authentication"/> says otherwise.
    /// The HELLO timeout is off unless given, so tests of the challenge timeout see that timer alone.
    /// </summary>
    public TestRouter(EdgeWamp.Router.Authentication.AuthenticationOptions authentication, TimeProvider? time, TimeSpan? helloTimeout, params RealmOptions[] realms)
    {
        Router = new WampRouter(realms.Length == 0 ? [AllowAllRealm(RealmName)] : realms, Log, time, authentication)
        {
            HelloTimeout = helloTimeout ?? Timeout.InfiniteTimeSpan,
        };
    }

    public WampRouter Router { get; }

    public RecordingLogger Log { get; } = new();

    /// <summary>A realm whose anonymous role "anonymous" may do anything anywhere (one prefix rule with an empty URI).</summary>
    public static RealmOptions AllowAllRealm(string name) => new()
    {
        Name = name,
        Roles = [new Role("anonymous", [new PermissionRule(string.Empty, UriMatch.Prefix, AllActions)])],
        AnonymousRole = "anonymous",
    };

    /// <summary>Opens a transport connection without saying HELLO.</summary>
    public TestClient Connect(WampSerializer serializer, AuthMethods authMethods = AuthMethods.Anonymous)
    {
        var client = new TestClient(Router, serializer, authMethods, $"test#{_clients.Count + 1} {serializer}");
        _clients.Add(client);
        return client;
    }

    /// <summary>Opens a connection and joins <paramref name="realm"/> anonymously; the WELCOME is already taken.</summary>
    public TestClient Join(WampSerializer serializer, string realm = RealmName)
    {
        TestClient client = Connect(serializer);
        client.Join(realm);
        Assert.Equal(SessionState.Established, client.Session.State);
        return client;
    }

    public void Dispose()
    {
        try
        {
            foreach (TestClient client in _clients)
            {
                if (client.Connection.IsClosed && client.Session.State != SessionState.Closed)
                {
                    Assert.Fail($"{client.Connection.Description}: the router closed the transport but the session is {client.Session.State}");
                }

                if (client.Connection.IsClosed)
                {
                    client.Session.OnDisconnected();
                }
            }

            int live = _clients.Count(client => client.Session.State is SessionState.Established or SessionState.ShuttingDown);
            Assert.True(Router.SessionCount == live, $"the router holds {Router.SessionCount} sessions but {live} are established ({string.Join(", ", _clients.Select(client => $"{client.Session.Id}: {client.Session.State}"))})");
            Assert.Equal(live, Router.Realms.Sum(realm => realm.SessionCount));
            LogEntry? error = Log.Entries.FirstOrDefault(entry => entry.Level >= LogLevel.Error);
            Assert.True(error is null, $"the router logged an error: {error}");
        }
        finally
        {
            Router.Dispose();
        }
    }
}
