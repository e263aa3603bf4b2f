using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Dealer;

/// <summary>Caller identification (WAMP spec, Advanced Profile, "Caller Identification"), end to end.</summary>
public sealed class CallerIdentificationTests : IDisposable
{
    private const string Procedure = "com.myapp.echo";

    private readonly TestRouter _router = new();

    public void Dispose() => _router.Dispose();

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Call_DiscloseMe_InvocationNamesTheCallerItsAuthIdAndAuthRole(WampSerializer serializer)
    {
        TestClient callee = _router.Join(serializer);
        TestClient caller = _router.Join(serializer);
        ulong registrationId = callee.RegisterOk(1, Procedure);

        caller.Call(7814135, Procedure, ["Hello, world!"], options: WampValue.Map(("disclose_me", true)));

        ReceivedMessage invocation = callee.SingleInvocation();
        var expectedDetails = WampValue.Map(("caller", caller.Id()), ("caller_authid", TestIdentity.AuthId(caller)), ("caller_authrole", "anonymous"));
        WampAssert.Message(invocation, 68, invocation.FirstId, registrationId, expectedDetails, new object?[] { "Hello, world!" });
    }

    [Theory]
    [MemberData(nameof(Serializers.Pairs), MemberType = typeof(Serializers))]
    public void Call_DiscloseMeToACalleeWithAnotherSerializer_NamesTheCaller(WampSerializer callerSerializer, WampSerializer calleeSerializer)
    {
        TestClient callee = _router.Join(calleeSerializer);
        TestClient caller = _router.Join(callerSerializer);
        callee.RegisterOk(1, Procedure);

        caller.Call(2, Procedure, options: WampValue.Map(("disclose_me", true)));

        Dictionary<string, object?> details = callee.SingleInvocation().DetailsMap;
        Assert.Equal(caller.Id(), details["caller"]);
        Assert.Equal(TestIdentity.AuthId(caller), details["caller_authid"]);
        Assert.Equal("anonymous", details["caller_authrole"]);
    }

    [Fact]
    public void Call_DiscloseMeWithAnotherRole_InvocationNamesThatRole()
    {
        using var router = new TestRouter(TestIdentity.RealmWithRoles(TestRouter.RealmName, "operator"));
        TestClient callee = router.Join(WampSerializer.Cbor);
        TestClient caller = router.Join(WampSerializer.Cbor);
        TestIdentity.SetAuthRole(caller, "operator");
        TestIdentity.SetAuthId(caller, "alice");
        callee.RegisterOk(1, Procedure);

        caller.Call(2, Procedure, options: WampValue.Map(("disclose_me", true)));

        WampValue.AssertEqual(WampValue.Map(("caller", caller.Id()), ("caller_authid", "alice"), ("caller_authrole", "operator")), callee.SingleInvocation().DetailsMap);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    public void Call_WithoutDiscloseMe_InvocationDoesNotNameTheCaller(bool? discloseMe)
    {
        TestClient callee = _router.Join(WampSerializer.Cbor);
        TestClient caller = _router.Join(WampSerializer.Cbor);
        callee.RegisterOk(1, Procedure);

        caller.Call(2, Procedure, options: discloseMe is null ? null : WampValue.Map(("disclose_me", discloseMe)));

        Assert.Empty(callee.SingleInvocation().DetailsMap);
    }

    [Fact]
    public void Call_DiscloseMeThroughAPrefixRegistration_InvocationNamesTheCallerAndTheProcedure()
    {
        TestClient callee = _router.Join(WampSerializer.MsgPack);
        TestClient caller = _router.Join(WampSerializer.Json);
        callee.RegisterMatching(1, "com.myapp", "prefix");

        caller.Call(2, Procedure, options: WampValue.Map(("disclose_me", true), ("receive_progress", true)));

        WampValue.AssertEqual(
            WampValue.Map(("caller", caller.Id()), ("caller_authid", TestIdentity.AuthId(caller)), ("caller_authrole", "anonymous"), ("procedure", Procedure)),
            callee.SingleInvocation().DetailsMap);
    }

    [Fact]
    public void Call_DiscloseMe_TheCallersAnswerIsUnchanged()
    {
        TestClient callee = _router.Join(WampSerializer.Cbor);
        TestClient caller = _router.Join(WampSerializer.Cbor);
        callee.RegisterOk(1, Procedure);
        caller.Call(2, Procedure, options: WampValue.Map(("disclose_me", true)));

        callee.Yield(callee.SingleInvocation().FirstId, ["ok"]);

        WampAssert.Message(caller.SingleResult(2), 50, 2, WampValue.Map(), new object?[] { "ok" });
    }

    /// <summary>
    /// The spec: "A Callee MAY request the disclosure of caller identity via REGISTER.Options.disclose_caller ... With the
    /// above registration, the registered procedure is called with the caller's sessionID as part of the call details".
    /// </summary>
    [Fact]
    public void Call_RegistrationWithDiscloseCaller_InvocationNamesTheCallerWithoutDiscloseMe()
    {
        TestClient callee = _router.Join(WampSerializer.Json);
        TestClient caller = _router.Join(WampSerializer.Json);
        callee.RegisterWith(1, "com.maypp.add2", WampValue.Map(("disclose_caller", true)));

        caller.Call(2, "com.maypp.add2", [2, 3]);

        Assert.Equal(caller.Id(), callee.SingleInvocation().DetailsMap.GetValueOrDefault("caller"));
    }
}
