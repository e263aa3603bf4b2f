using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Authorization;
using EdgeWamp.Router.Sessions;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests;

/// <summary>Session establishment (WAMP spec, "Session Establishment") and router shutdown.</summary>
public sealed class WampRouterTests : IDisposable
{
    private readonly TestRouter _router = new(
        TestRouter.AllowAllRealm(TestRouter.RealmName),
        TestRouter.AllowAllRealm("realm2"),
        new RealmOptions
        {
            Name = "public",
            Roles = [new Role("guest", [new PermissionRule("public.", UriMatch.Prefix, WampAction.Subscribe)])],
            AnonymousRole = "guest",
        },
        new RealmOptions
        {
            Name = "closed",
            Roles = [new Role("operator", [new PermissionRule(string.Empty, UriMatch.Prefix, TestRouter.AllActions)])],
        });

    public void Dispose() => _router.Dispose();

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void OpenSession_HelloForKnownRealm_SendsWelcome(WampSerializer serializer)
    {
        TestClient client = _router.Connect(serializer);

        client.Hello(TestRouter.RealmName);

        ReceivedMessage welcome = client.Single();
        Assert.Equal(WampMessageType.Welcome, welcome.Type);
        WampAssert.ValidId(welcome.FirstId);
        Dictionary<string, object?> details = welcome.DetailsMap;
        var roles = Assert.IsType<Dictionary<string, object?>>(details["roles"]);
        Assert.Equal(["broker", "dealer"], roles.Keys.Order(StringComparer.Ordinal));
        Assert.IsType<Dictionary<string, object?>>(roles["broker"]);
        Assert.IsType<Dictionary<string, object?>>(roles["dealer"]);
        Assert.False(string.IsNullOrEmpty(Assert.IsType<string>(details["authid"])));
        Assert.Equal("anonymous", details["authrole"]);
        Assert.Equal("anonymous", details["authmethod"]);
        Assert.False(string.IsNullOrEmpty(Assert.IsType<string>(details["authprovider"])));
        Assert.Equal(SessionState.Established, client.Session.State);
        Assert.Equal(welcome.FirstId, client.Session.Id);
        Assert.Equal(details["authid"], client.Session.AuthId);
        Assert.False(client.Connection.IsClosed);
        Assert.Equal(1, _router.Router.SessionCount);
    }

    [Fact]
    public void OpenSession_HelloForRealmWithOtherAnonymousRole_WelcomesWithThatRole()
    {
        TestClient client = _router.Connect(WampSerializer.Cbor);

        client.Hello("public");

        ReceivedMessage welcome = client.Single();
        Assert.Equal(WampMessageType.Welcome, welcome.Type);
        Assert.Equal("guest", welcome.DetailsMap["authrole"]);
        Assert.Equal("anonymous", welcome.DetailsMap["authmethod"]);
    }

    [Fact]
    public void OpenSession_SeveralSessions_GetDistinctSessionIdsAndAuthIds()
    {
        var clients = Enumerable.Range(0, 20).Select(_ => _router.Connect(WampSerializer.Json)).ToList();

        var welcomes = clients.Select(client =>
        {
            client.Hello(TestRouter.RealmName);
            return client.Single();
        }).ToList();

        Assert.All(welcomes, welcome => WampAssert.ValidId(welcome.FirstId));
        Assert.Equal(welcomes.Count, welcomes.Select(welcome => welcome.FirstId).Distinct().Count());
        Assert.Equal(welcomes.Count, welcomes.Select(welcome => welcome.DetailsMap["authid"]).Distinct().Count());
        Assert.Equal(20, _router.Router.SessionCount);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void OpenSession_HelloForUnknownRealm_AbortsWithNoSuchRealm(WampSerializer serializer)
    {
        TestClient client = _router.Connect(serializer);

        client.Hello("no.such.realm");

        WampAssert.AbortedAndClosed(client, "wamp.error.no_such_realm");
        Assert.Equal(0, _router.Router.SessionCount);
        Assert.Contains(_router.Log.Entries, entry => entry.EventId == 2004 && entry.Message.Contains("no.such.realm", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void OpenSession_HelloWithoutRoles_AbortsWithProtocolViolation(WampSerializer serializer)
    {
        TestClient client = _router.Connect(serializer);

        client.Hello(TestRouter.RealmName, WampValue.Map(("agent", "test")));

        WampAssert.AbortedAndClosed(client, "wamp.error.protocol_violation");
        Assert.Equal(0, _router.Router.SessionCount);
    }

    [Fact]
    public void OpenSession_HelloWithRolesNotADict_AbortsWithProtocolViolation()
    {
        TestClient client = _router.Connect(WampSerializer.Json);

        client.Hello(TestRouter.RealmName, WampValue.Map(("roles", new object?[] { "subscriber" })));

        WampAssert.AbortedAndClosed(client, "wamp.error.protocol_violation");
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void OpenSession_HelloOfferingOnlyTicket_AbortsWithNoAuthMethod(WampSerializer serializer)
    {
        TestClient client = _router.Connect(serializer, AuthMethods.Anonymous | AuthMethods.Ticket);
        Dictionary<string, object?> details = TestClient.DefaultHelloDetails();
        details["authmethods"] = new object?[] { "ticket" };
        details["authid"] = "joe";

        client.Hello(TestRouter.RealmName, details);

        WampAssert.AbortedAndClosed(client, "wamp.error.no_auth_method");
        Assert.Equal(0, _router.Router.SessionCount);
    }

    [Fact]
    public void OpenSession_HelloOfferingTicketThenAnonymous_Welcomes()
    {
        TestClient client = _router.Connect(WampSerializer.MsgPack);
        Dictionary<string, object?> details = TestClient.DefaultHelloDetails();
        details["authmethods"] = new object?[] { "ticket", "anonymous" };

        client.Hello(TestRouter.RealmName, details);

        ReceivedMessage welcome = client.Single();
        Assert.Equal(WampMessageType.Welcome, welcome.Type);
        Assert.Equal("anonymous", welcome.DetailsMap["authmethod"]);
    }

    [Theory]
    [InlineData(AuthMethods.None)]
    [InlineData(AuthMethods.Ticket)]
    [InlineData(AuthMethods.Ticket | AuthMethods.WampCra | AuthMethods.Cryptosign)]
    public void OpenSession_ListenerWithoutAnonymous_AbortsWithNoAuthMethod(AuthMethods listenerMethods)
    {
        TestClient client = _router.Connect(WampSerializer.Cbor, listenerMethods);

        client.Hello(TestRouter.RealmName);

        WampAssert.AbortedAndClosed(client, "wamp.error.no_auth_method");
        Assert.Equal(0, _router.Router.SessionCount);
        Assert.Contains(_router.Log.Entries, entry => entry.EventId == 2006);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void OpenSession_RealmWithoutAnonymousRole_AbortsWithNoAuthMethod(WampSerializer serializer)
    {
        TestClient client = _router.Connect(serializer);

        client.Hello("closed");

        WampAssert.AbortedAndClosed(client, "wamp.error.no_auth_method");
        Assert.Equal(0, _router.Router.SessionCount);
    }

    [Fact]
    public void OpenSession_AnonymousRoleNotDefinedInRealm_AbortsWithNoAuthMethod()
    {
        using var router = new TestRouter(new RealmOptions
        {
            Name = "misconfigured",
            Roles = [new Role("operator", [new PermissionRule(string.Empty, UriMatch.Prefix, TestRouter.AllActions)])],
            AnonymousRole = "nobody",
        });
        TestClient client = router.Connect(WampSerializer.Json);

        client.Hello("misconfigured");

        WampAssert.AbortedAndClosed(client, "wamp.error.no_auth_method");
    }

    [Fact]
    public void FindRealm_ByUtf8Name_FindsConfiguredRealmsOnly()
    {
        Assert.Equal("realm2", _router.Router.FindRealm("realm2"u8)?.Name);
        Assert.Null(_router.Router.FindRealm("realm"u8));
        Assert.Null(_router.Router.FindRealm("REALM1"u8));
        Assert.Equal(["closed", "public", "realm1", "realm2"], _router.Router.Realms.Select(realm => realm.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Shutdown_EstablishedSessions_SendsSystemShutdownGoodbyeToEach(WampSerializer serializer)
    {
        TestClient a = _router.Join(serializer);
        TestClient b = _router.Join(WampSerializer.Json);
        TestClient c = _router.Join(WampSerializer.Cbor, "realm2");
        TestClient waiting = _router.Connect(serializer);

        _router.Router.Shutdown();

        foreach (TestClient client in new[] { a, b, c })
        {
            ReceivedMessage goodbye = client.Single();
            WampAssert.Goodbye(goodbye, "wamp.close.system_shutdown");
            Assert.Equal(SessionState.ShuttingDown, client.Session.State);
            Assert.False(client.Connection.IsClosed);
        }

        waiting.AssertNothingReceived();
        Assert.False(waiting.Connection.IsClosed);
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Shutdown_ClientRepliesGoodbye_ClosesTransportWithoutAnotherGoodbye(WampSerializer serializer)
    {
        TestClient a = _router.Join(serializer);
        TestClient b = _router.Join(serializer);
        _router.Router.Shutdown();
        a.TakeAll();
        b.TakeAll();

        a.Goodbye("wamp.close.goodbye_and_out");

        a.AssertNothingReceived();
        Assert.Equal(1, a.Connection.CloseCount);
        Assert.Equal(SessionState.Closed, a.Session.State);
        Assert.Equal(1, _router.Router.SessionCount);
        Assert.Equal(1, _router.Router.FindRealm("realm1"u8)!.SessionCount);
        Assert.False(b.Connection.IsClosed);

        b.Goodbye("wamp.close.goodbye_and_out");

        Assert.True(b.Connection.IsClosed);
        Assert.Equal(0, _router.Router.SessionCount);
    }

    [Fact]
    public void Shutdown_SessionLeavesOnReply_ItsRegistrationIsGone()
    {
        TestClient callee = _router.Join(WampSerializer.Cbor);
        TestClient caller = _router.Join(WampSerializer.Cbor);
        callee.RegisterOk(1, "com.example.add");
        _router.Router.Shutdown();
        callee.TakeAll();
        caller.TakeAll();

        callee.Goodbye("wamp.close.goodbye_and_out");
        caller.Call(2, "com.example.add", [1, 2]);

        WampAssert.RequestRefused(caller.Single(), WampMessageType.Call, 2, "wamp.error.no_such_procedure");
    }
}
