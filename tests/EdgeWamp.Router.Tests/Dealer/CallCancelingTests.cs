using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Dealer;

/// <summary>
/// Call canceling (WAMP spec, Advanced Profile, "Call Canceling"): [CANCEL, CALL.Request|id, Options|dict] with mode
/// skip, kill or killnowait, and [INTERRUPT, INVOCATION.Request|id, Options|dict] to a callee that announced
/// roles.callee.features.call_canceling. A callee without the feature gets skip.
/// </summary>
public sealed class CallCancelingTests : IDisposable
{
    private const string Procedure = "com.myapp.long_running";

    private readonly TestRouter _router = new();

    public void Dispose() => _router.Dispose();

    private static Dictionary<string, object?> CancelingCallee => AdvancedClient.CalleeAnnouncing("call_canceling");

    /// <summary>skip: ERROR to the caller at once, no INTERRUPT, and the callee's late answer is discarded.</summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Cancel_Skip_AnswersTheCallerAtOnceWithoutInterruptingTheCallee(WampSerializer serializer)
    {
        (TestClient caller, TestClient callee, ulong invocationId) = CallInFlight(serializer, CancelingCallee);

        caller.Cancel(7814135, "skip");

        WampAssert.Message(caller.Single(), 8, 48, 7814135, WampValue.Map(), "wamp.error.canceled");
        callee.AssertNothingReceived();
        callee.Yield(invocationId, ["late"]);
        caller.AssertNothingReceived();
    }

    /// <summary>kill: INTERRUPT to the callee; the caller's ERROR waits for the callee's answer to the INTERRUPT.</summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Cancel_Kill_InterruptsTheCalleeAndForwardsItsErrorOnlyWhenItAnswers(WampSerializer serializer)
    {
        (TestClient caller, TestClient callee, ulong invocationId) = CallInFlight(serializer, CancelingCallee);

        caller.Cancel(7814135, "kill");

        WampAssert.Message(callee.Single(), 69, invocationId, WampValue.Map(("mode", "kill")));
        caller.AssertNothingReceived();
        callee.InvocationError(invocationId, "wamp.error.canceled");
        WampAssert.Message(caller.Single(), 8, 48, 7814135, WampValue.Map(), "wamp.error.canceled");
        callee.Yield(invocationId, ["late"]);
        caller.AssertNothingReceived();
    }

    /// <summary>kill: "the caller may receive RESULT or ERROR depending whether the callee finishes ... or the interrupt first".</summary>
    [Fact]
    public void Cancel_KillAndTheCalleeFinishesFirst_CallerGetsTheResult()
    {
        (TestClient caller, TestClient callee, ulong invocationId) = CallInFlight(WampSerializer.Cbor, CancelingCallee);

        caller.Cancel(7814135, "kill");
        Assert.Equal(WampMessageType.Interrupt, callee.Single().Type);
        callee.Yield(invocationId, ["finished anyway"]);

        WampAssert.Message(caller.Single(), 50, 7814135, WampValue.Map(), new object?[] { "finished anyway" });
    }

    [Fact]
    public void Cancel_KillThenProgressiveResults_AreNotForwarded()
    {
        TestClient callee = _router.JoinWith(WampSerializer.Cbor, AdvancedClient.CalleeAnnouncing("call_canceling", "progressive_call_results"));
        TestClient caller = _router.Join(WampSerializer.Cbor);
        callee.RegisterOk(1, Procedure);
        caller.Call(5, Procedure, options: WampValue.Map(("receive_progress", true)));
        ulong invocationId = callee.SingleInvocation().FirstId;

        caller.Cancel(5, "kill");
        Assert.Equal(WampMessageType.Interrupt, callee.Single().Type);
        callee.YieldProgress(invocationId, ["partial"]);

        caller.AssertNothingReceived();
        callee.InvocationError(invocationId, "wamp.error.canceled");
        WampAssert.Error(caller.Single(), WampMessageType.Call, 5, "wamp.error.canceled");
    }

    /// <summary>killnowait: ERROR to the caller at once and INTERRUPT to the callee, whose answer is discarded.</summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Cancel_KillNoWait_AnswersTheCallerAtOnceAndInterruptsTheCallee(WampSerializer serializer)
    {
        (TestClient caller, TestClient callee, ulong invocationId) = CallInFlight(serializer, CancelingCallee);

        caller.Cancel(7814135, "killnowait");

        WampAssert.Message(caller.Single(), 8, 48, 7814135, WampValue.Map(), "wamp.error.canceled");
        WampAssert.Message(callee.Single(), 69, invocationId, WampValue.Map(("mode", "killnowait")));
        callee.InvocationError(invocationId, "wamp.error.canceled");
        callee.Yield(invocationId, ["late"]);
        caller.AssertNothingReceived();
    }

    /// <summary>"If the callee does not support call canceling, then behavior is skip."</summary>
    [Theory]
    [InlineData("kill", WampSerializer.Json)]
    [InlineData("kill", WampSerializer.MsgPack)]
    [InlineData("kill", WampSerializer.Cbor)]
    [InlineData("killnowait", WampSerializer.Json)]
    [InlineData("killnowait", WampSerializer.Cbor)]
    [InlineData("skip", WampSerializer.Cbor)]
    public void Cancel_CalleeWithoutCallCanceling_BehavesAsSkip(string mode, WampSerializer serializer)
    {
        (TestClient caller, TestClient callee, ulong invocationId) = CallInFlight(serializer, TestClient.DefaultHelloDetails());

        caller.Cancel(7814135, mode);

        WampAssert.Message(caller.Single(), 8, 48, 7814135, WampValue.Map(), "wamp.error.canceled");
        callee.AssertNothingReceived();
        callee.Yield(invocationId, ["late"]);
        caller.AssertNothingReceived();
    }

    [Theory]
    [InlineData("abort")]
    [InlineData("Kill")]
    [InlineData("")]
    public void Cancel_UnknownMode_AnswersInvalidArgumentAndTheCallGoesOn(string mode)
    {
        (TestClient caller, TestClient callee, ulong invocationId) = CallInFlight(WampSerializer.Cbor, CancelingCallee);

        caller.Cancel(7814135, mode);

        WampAssert.Error(caller.Single(), WampMessageType.Cancel, 7814135, "wamp.error.invalid_argument");
        callee.AssertNothingReceived();
        callee.Yield(invocationId, ["result"]);
        Assert.Equal(WampMessageType.Result, caller.Single().Type);
    }

    [Theory]
    [InlineData("skip")]
    [InlineData("kill")]
    [InlineData("killnowait")]
    public void Cancel_CallThatAlreadyFinished_DoesNothing(string mode)
    {
        (TestClient caller, TestClient callee, ulong invocationId) = CallInFlight(WampSerializer.Cbor, CancelingCallee);
        callee.Yield(invocationId, ["result"]);
        caller.SingleResult(7814135);

        caller.Cancel(7814135, mode);

        caller.AssertNothingReceived();
        callee.AssertNothingReceived();
    }

    [Fact]
    public void Cancel_CallThatFailed_DoesNothing()
    {
        (TestClient caller, TestClient callee, ulong invocationId) = CallInFlight(WampSerializer.Json, CancelingCallee);
        callee.InvocationError(invocationId, "com.myapp.error");
        Assert.Equal(WampMessageType.Error, caller.Single().Type);

        caller.Cancel(7814135, "kill");

        caller.AssertNothingReceived();
        callee.AssertNothingReceived();
    }

    [Fact]
    public void Cancel_UnknownRequest_DoesNothing()
    {
        (TestClient caller, TestClient callee, _) = CallInFlight(WampSerializer.Cbor, CancelingCallee);

        caller.Cancel(999, "killnowait");

        caller.AssertNothingReceived();
        callee.AssertNothingReceived();
    }

    [Fact]
    public void Cancel_AnotherSessionsRequestId_DoesNotCancelItsCall()
    {
        (TestClient caller, TestClient callee, ulong invocationId) = CallInFlight(WampSerializer.Cbor, CancelingCallee);
        TestClient stranger = _router.Join(WampSerializer.Cbor);

        stranger.Cancel(7814135, "killnowait");

        stranger.AssertNothingReceived();
        callee.AssertNothingReceived();
        callee.Yield(invocationId, ["result"]);
        caller.SingleResult(7814135);
    }

    [Fact]
    public void Cancel_Twice_TheSecondDoesNothing()
    {
        (TestClient caller, TestClient callee, ulong invocationId) = CallInFlight(WampSerializer.Cbor, CancelingCallee);
        caller.Cancel(7814135, "kill");
        Assert.Equal(WampMessageType.Interrupt, callee.Single().Type);

        caller.Cancel(7814135, "killnowait");

        caller.AssertNothingReceived();
        callee.AssertNothingReceived();
        callee.InvocationError(invocationId, "wamp.error.canceled");
        WampAssert.Error(caller.Single(), WampMessageType.Call, 7814135, "wamp.error.canceled");
    }

    [Fact]
    public void Cancel_OneOfTwoCalls_TheOtherCompletes()
    {
        TestClient callee = _router.JoinWith(WampSerializer.Cbor, CancelingCallee);
        TestClient caller = _router.Join(WampSerializer.Cbor);
        callee.RegisterOk(1, Procedure);
        caller.Call(1, Procedure);
        ulong first = callee.SingleInvocation().FirstId;
        caller.Call(2, Procedure);
        ulong second = callee.SingleInvocation().FirstId;

        caller.Cancel(1, "killnowait");

        WampAssert.Error(caller.Single(), WampMessageType.Call, 1, "wamp.error.canceled");
        Assert.Equal(first, callee.Single().FirstId);
        callee.Yield(second, ["second"]);
        caller.SingleResult(2);
    }

    [Fact]
    public void Cancel_AfterSkip_TheRequestIdCanBeReusedForANewCall()
    {
        (TestClient caller, TestClient callee, _) = CallInFlight(WampSerializer.Cbor, CancelingCallee);
        caller.Cancel(7814135, "skip");
        Assert.Equal(WampMessageType.Error, caller.Single().Type);

        caller.Call(7814135, Procedure, ["again"]);

        ReceivedMessage invocation = callee.SingleInvocation();
        WampValue.AssertEqual(new object?[] { new object?[] { "again" } }, invocation.PayloadItems);
        callee.Yield(invocation.FirstId, ["ok"]);
        caller.SingleResult(7814135);
    }

    /// <summary>A caller, a callee joined with <paramref name="calleeHello"/>, and one call (request 7814135) in flight.</summary>
    private (TestClient Caller, TestClient Callee, ulong InvocationId) CallInFlight(WampSerializer serializer, Dictionary<string, object?> calleeHello)
    {
        TestClient callee = _router.JoinWith(serializer, calleeHello);
        TestClient caller = _router.JoinWith(serializer, AdvancedClient.HelloAnnouncing(("caller", "call_canceling")));
        callee.RegisterOk(1, Procedure);
        caller.Call(7814135, Procedure, ["Hello, world!"]);
        return (caller, callee, callee.SingleInvocation().FirstId);
    }
}
