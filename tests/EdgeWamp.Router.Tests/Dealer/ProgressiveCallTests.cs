using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Dealer;

/// <summary>
/// Progressive call results and progressive call invocations (WAMP spec, Advanced Profile, "Progressive Call Results",
/// "Progressive Call Invocations"), end to end.
/// </summary>
public sealed class ProgressiveCallTests : IDisposable
{
    private const string Procedure = "com.myapp.compute_revenue";

    private readonly TestRouter _router = new();

    public void Dispose() => _router.Dispose();

    private static Dictionary<string, object?> ProgressiveResultsCallee => AdvancedClient.CalleeAnnouncing("progressive_call_results");

    private static Dictionary<string, object?> ProgressiveInvocationsCallee => AdvancedClient.CalleeAnnouncing("progressive_call_invocations", "call_canceling", "progressive_call_results");

    private static Dictionary<string, object?> ProgressiveInvocationsCaller => AdvancedClient.HelloAnnouncing(("caller", "progressive_call_invocations"), ("caller", "progressive_call_results"), ("caller", "call_canceling"));

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Call_ReceiveProgressToACalleeAnnouncingProgressiveResults_InvocationAsksForProgress(WampSerializer serializer)
    {
        TestClient callee = _router.JoinWith(serializer, ProgressiveResultsCallee);
        TestClient caller = _router.Join(serializer);
        ulong registrationId = callee.RegisterOk(1, Procedure);

        caller.Call(77133, Procedure, [2010, 2011, 2012], options: WampValue.Map(("receive_progress", true)));

        ReceivedMessage invocation = callee.SingleInvocation();
        WampAssert.Message(invocation, 68, invocation.FirstId, registrationId, WampValue.Map(("receive_progress", true)), new object?[] { 2010, 2011, 2012 });
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Call_ReceiveProgressToACalleeWithoutTheFeature_InvocationDoesNotAskForProgress(WampSerializer serializer)
    {
        TestClient callee = _router.Join(serializer);
        TestClient caller = _router.Join(serializer);
        callee.RegisterOk(1, Procedure);

        caller.Call(2, Procedure, options: WampValue.Map(("receive_progress", true)));

        Assert.Empty(callee.SingleInvocation().DetailsMap);
    }

    [Fact]
    public void Call_CalleeAnnouncingTheFeatureAsFalse_InvocationDoesNotAskForProgress()
    {
        var hello = WampValue.Map(("roles", WampValue.Map(("callee", WampValue.Map(("features", WampValue.Map(("progressive_call_results", false))))))));
        TestClient callee = _router.JoinWith(WampSerializer.Cbor, hello);
        TestClient caller = _router.Join(WampSerializer.Cbor);
        callee.RegisterOk(1, Procedure);

        caller.Call(2, Procedure, options: WampValue.Map(("receive_progress", true)));

        Assert.Empty(callee.SingleInvocation().DetailsMap);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(false)]
    public void Call_WithoutReceiveProgress_InvocationDoesNotAskForProgress(bool? receiveProgress)
    {
        TestClient callee = _router.JoinWith(WampSerializer.Json, ProgressiveResultsCallee);
        TestClient caller = _router.Join(WampSerializer.Json);
        callee.RegisterOk(1, Procedure);

        caller.Call(2, Procedure, options: receiveProgress is null ? null : WampValue.Map(("receive_progress", receiveProgress)));

        Assert.Empty(callee.SingleInvocation().DetailsMap);
    }

    /// <summary>The spec's example: two progressive YIELDs, then the final one.</summary>
    [Theory]
    [MemberData(nameof(Serializers.Pairs), MemberType = typeof(Serializers))]
    public void Yield_ProgressThenFinal_CallerGetsProgressiveResultsThenTheFinalResult(WampSerializer callerSerializer, WampSerializer calleeSerializer)
    {
        TestClient callee = _router.JoinWith(calleeSerializer, ProgressiveResultsCallee);
        TestClient caller = _router.Join(callerSerializer);
        callee.RegisterOk(1, Procedure);
        caller.Call(77133, Procedure, [2010, 2011, 2012], options: WampValue.Map(("receive_progress", true)));
        ulong invocationId = callee.SingleInvocation().FirstId;

        callee.YieldProgress(invocationId, ["Y2010", 120]);
        WampAssert.Message(caller.Single(), 50, 77133, WampValue.Map(("progress", true)), new object?[] { "Y2010", 120 });
        callee.YieldProgress(invocationId, ["Y2011", 205]);
        WampAssert.Message(caller.Single(), 50, 77133, WampValue.Map(("progress", true)), new object?[] { "Y2011", 205 });
        callee.Yield(invocationId, ["Total", 490]);

        WampAssert.Message(caller.Single(), 50, 77133, WampValue.Map(), new object?[] { "Total", 490 });
        callee.AssertNothingReceived();
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Yield_EmptyProgressiveResultsAndAnEmptyFinal_AreForwardedEmpty(WampSerializer serializer)
    {
        TestClient callee = _router.JoinWith(serializer, ProgressiveResultsCallee);
        TestClient caller = _router.Join(serializer);
        callee.RegisterOk(1, Procedure);
        caller.Call(5, Procedure, options: WampValue.Map(("receive_progress", true)));
        ulong invocationId = callee.SingleInvocation().FirstId;

        callee.YieldProgress(invocationId);
        callee.YieldProgress(invocationId, [], WampValue.Map(("foo", 10), ("bar", "partial 1")));
        callee.Yield(invocationId);

        List<ReceivedMessage> results = caller.TakeAll();
        Assert.Equal(3, results.Count);
        WampAssert.Message(results[0], 50, 5, WampValue.Map(("progress", true)));
        WampAssert.Message(results[1], 50, 5, WampValue.Map(("progress", true)), Array.Empty<object?>(), WampValue.Map(("foo", 10), ("bar", "partial 1")));
        WampAssert.Message(results[2], 50, 5, WampValue.Map());
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Yield_ProgressWhenTheCallerDidNotAsk_IsIgnoredAndTheFinalResultStillArrives(WampSerializer serializer)
    {
        TestClient callee = _router.JoinWith(serializer, ProgressiveResultsCallee);
        TestClient caller = _router.Join(serializer);
        callee.RegisterOk(1, Procedure);
        caller.Call(5, Procedure);
        ulong invocationId = callee.SingleInvocation().FirstId;

        callee.YieldProgress(invocationId, ["partial"]);
        caller.AssertNothingReceived();
        callee.Yield(invocationId, ["final"]);

        WampAssert.Message(caller.Single(), 50, 5, WampValue.Map(), new object?[] { "final" });
    }

    [Fact]
    public void InvocationError_AfterProgressiveResults_EndsTheCallWithTheError()
    {
        TestClient callee = _router.JoinWith(WampSerializer.Cbor, ProgressiveResultsCallee);
        TestClient caller = _router.Join(WampSerializer.Json);
        callee.RegisterOk(1, Procedure);
        caller.Call(77133, Procedure, options: WampValue.Map(("receive_progress", true)));
        ulong invocationId = callee.SingleInvocation().FirstId;
        callee.YieldProgress(invocationId, ["Y2010", 120]);
        Assert.Equal(WampMessageType.Result, caller.Single().Type);

        callee.InvocationError(invocationId, "com.myapp.invalid_revenue_year", [1830]);

        WampAssert.Message(caller.Single(), 8, 48, 77133, WampValue.Map(), "com.myapp.invalid_revenue_year", new object?[] { 1830 });
        callee.YieldProgress(invocationId, ["late"]);
        caller.AssertNothingReceived();
    }

    [Fact]
    public void Yield_ProgressAfterTheFinalResult_IsIgnored()
    {
        TestClient callee = _router.JoinWith(WampSerializer.Cbor, ProgressiveResultsCallee);
        TestClient caller = _router.Join(WampSerializer.Cbor);
        callee.RegisterOk(1, Procedure);
        caller.Call(5, Procedure, options: WampValue.Map(("receive_progress", true)));
        ulong invocationId = callee.SingleInvocation().FirstId;
        callee.Yield(invocationId, ["final"]);
        caller.SingleResult(5);

        callee.YieldProgress(invocationId, ["late"]);
        callee.Yield(invocationId, ["late"]);

        caller.AssertNothingReceived();
    }

    [Fact]
    public void Yield_ProgressForTwoConcurrentCalls_EachCallerGetsOnlyItsOwn()
    {
        TestClient callee = _router.JoinWith(WampSerializer.Cbor, ProgressiveResultsCallee);
        TestClient first = _router.Join(WampSerializer.Cbor);
        TestClient second = _router.Join(WampSerializer.MsgPack);
        callee.RegisterOk(1, Procedure);
        first.Call(1, Procedure, options: WampValue.Map(("receive_progress", true)));
        ulong firstInvocation = callee.SingleInvocation().FirstId;
        second.Call(1, Procedure, options: WampValue.Map(("receive_progress", true)));
        ulong secondInvocation = callee.SingleInvocation().FirstId;

        callee.YieldProgress(secondInvocation, ["to second"]);
        callee.YieldProgress(firstInvocation, ["to first"]);

        WampAssert.Message(first.Single(), 50, 1, WampValue.Map(("progress", true)), new object?[] { "to first" });
        WampAssert.Message(second.Single(), 50, 1, WampValue.Map(("progress", true)), new object?[] { "to second" });
    }

    /// <summary>
    /// Progressive call invocations: every CALL of the call carries the same request id, every INVOCATION the same
    /// invocation id; the chunks but the last have Details.progress.
    /// </summary>
    [Theory]
    [MemberData(nameof(Serializers.Pairs), MemberType = typeof(Serializers))]
    public void Call_ProgressiveInvocations_EachChunkReachesTheCalleeUnderOneInvocationId(WampSerializer callerSerializer, WampSerializer calleeSerializer)
    {
        TestClient callee = _router.JoinWith(calleeSerializer, ProgressiveInvocationsCallee);
        TestClient caller = _router.JoinWith(callerSerializer, ProgressiveInvocationsCaller);
        ulong registrationId = callee.RegisterOk(1, "com.myapp.upload");

        caller.Call(77245, "com.myapp.upload", ["chunk 1"], options: WampValue.Map(("progress", true)));
        ReceivedMessage first = callee.SingleInvocation();
        caller.Call(77245, "com.myapp.upload", ["chunk 2"], options: WampValue.Map(("progress", true)));
        ReceivedMessage second = callee.SingleInvocation();
        caller.Call(77245, "com.myapp.upload", ["chunk 3"]);
        ReceivedMessage last = callee.SingleInvocation();

        WampAssert.Message(first, 68, first.FirstId, registrationId, WampValue.Map(("progress", true)), new object?[] { "chunk 1" });
        Assert.Equal(first.FirstId, second.FirstId);
        Assert.Equal(first.FirstId, last.FirstId);
        WampValue.AssertEqual(WampValue.Map(("progress", true)), second.DetailsMap);
        WampValue.AssertEqual(new object?[] { new object?[] { "chunk 2" } }, second.PayloadItems);
        WampValue.AssertEqual(WampValue.Map(), last.DetailsMap);
        WampValue.AssertEqual(new object?[] { new object?[] { "chunk 3" } }, last.PayloadItems);
        caller.AssertNothingReceived();
        callee.Yield(first.FirstId, ["stored", 3]);
        WampAssert.Message(caller.Single(), 50, 77245, WampValue.Map(), new object?[] { "stored", 3 });
    }

    /// <summary>
    /// The spec: "[INVOCATION, Request|id, REGISTERED.Registration|id, Details|dict, ...]" for every chunk: later
    /// INVOCATIONs of a progressive call name the same registration as the first.
    /// </summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Call_ProgressiveInvocations_LaterInvocationsCarryTheRegistrationId(WampSerializer serializer)
    {
        TestClient callee = _router.JoinWith(serializer, ProgressiveInvocationsCallee);
        TestClient caller = _router.JoinWith(serializer, ProgressiveInvocationsCaller);
        ulong registrationId = callee.RegisterOk(1, "com.myapp.upload");

        caller.Call(7, "com.myapp.upload", ["chunk 1"], options: WampValue.Map(("progress", true)));
        Assert.Equal(registrationId, callee.SingleInvocation().SecondId);
        caller.Call(7, "com.myapp.upload", ["chunk 2"], options: WampValue.Map(("progress", true)));
        ReceivedMessage second = callee.SingleInvocation();
        caller.Call(7, "com.myapp.upload", ["chunk 3"]);
        ReceivedMessage last = callee.SingleInvocation();

        Assert.Equal(registrationId, second.SecondId);
        Assert.Equal(registrationId, last.SecondId);
    }

    /// <summary>
    /// The spec ("Freezing of Options in Progressive Call Invocations"): the Details of every INVOCATION of the call are
    /// based on the initiating CALL: with disclose_me there, every INVOCATION identifies the caller, and with a pattern
    /// registration every INVOCATION names the procedure.
    /// </summary>
    [Fact]
    public void Call_ProgressiveInvocations_LaterInvocationsKeepTheDetailsOfTheInitiatingCall()
    {
        TestClient callee = _router.JoinWith(WampSerializer.Json, ProgressiveInvocationsCallee);
        TestClient caller = _router.JoinWith(WampSerializer.Json, ProgressiveInvocationsCaller);
        callee.RegisterMatching(1, "com.myapp", "prefix");
        var frozen = WampValue.Map(("caller", caller.Id()), ("caller_authid", TestIdentity.AuthId(caller)), ("caller_authrole", "anonymous"), ("procedure", "com.myapp.upload"));

        caller.Call(7, "com.myapp.upload", ["chunk 1"], options: WampValue.Map(("progress", true), ("disclose_me", true)));
        WampValue.AssertEqual(new Dictionary<string, object?>(frozen) { ["progress"] = true }, callee.SingleInvocation().DetailsMap);
        caller.Call(7, "com.myapp.upload", ["chunk 2"], options: WampValue.Map(("progress", true)));
        Dictionary<string, object?> second = callee.SingleInvocation().DetailsMap;
        caller.Call(7, "com.myapp.upload", ["chunk 3"]);
        Dictionary<string, object?> last = callee.SingleInvocation().DetailsMap;

        WampValue.AssertEqual(new Dictionary<string, object?>(frozen) { ["progress"] = true }, second);
        WampValue.AssertEqual(frozen, last);
    }

    /// <summary>The spec: the Dealer routes every chunk of a progressive call to the callee that got the first one.</summary>
    [Fact]
    public void Call_ProgressiveInvocationsOnARoundRobinRegistration_EveryChunkGoesToTheFirstChunksCallee()
    {
        TestClient a = _router.JoinWith(WampSerializer.Cbor, ProgressiveInvocationsCallee);
        TestClient b = _router.JoinWith(WampSerializer.Cbor, ProgressiveInvocationsCallee);
        TestClient caller = _router.JoinWith(WampSerializer.Cbor, ProgressiveInvocationsCaller);
        a.RegisterShared(1, "com.myapp.upload", "roundrobin");
        b.RegisterShared(1, "com.myapp.upload", "roundrobin");

        caller.Call(7, "com.myapp.upload", ["chunk 1"], options: WampValue.Map(("progress", true)));
        caller.Call(7, "com.myapp.upload", ["chunk 2"], options: WampValue.Map(("progress", true)));
        caller.Call(7, "com.myapp.upload", ["chunk 3"]);

        Assert.Equal(3, a.TakeAll().Count(m => m.Type == WampMessageType.Invocation));
        b.AssertNothingReceived();
    }

    [Fact]
    public void Call_ProgressiveInvocationsWithProgressiveResults_ResultsInterleaveWithChunks()
    {
        TestClient callee = _router.JoinWith(WampSerializer.MsgPack, ProgressiveInvocationsCallee);
        TestClient caller = _router.JoinWith(WampSerializer.Cbor, ProgressiveInvocationsCaller);
        callee.RegisterOk(1, "com.myapp.stream");

        caller.Call(7, "com.myapp.stream", [1], options: WampValue.Map(("progress", true), ("receive_progress", true)));
        ReceivedMessage first = callee.SingleInvocation();
        Assert.Equal(true, first.DetailsMap["receive_progress"]);
        callee.YieldProgress(first.FirstId, ["ack 1"]);
        WampAssert.Message(caller.Single(), 50, 7, WampValue.Map(("progress", true)), new object?[] { "ack 1" });
        caller.Call(7, "com.myapp.stream", [2]);
        Assert.Equal(first.FirstId, callee.SingleInvocation().FirstId);
        callee.YieldProgress(first.FirstId, ["ack 2"]);
        WampAssert.Message(caller.Single(), 50, 7, WampValue.Map(("progress", true)), new object?[] { "ack 2" });
        callee.Yield(first.FirstId, ["done"]);

        WampAssert.Message(caller.Single(), 50, 7, WampValue.Map(), new object?[] { "done" });
    }

    /// <summary>
    /// The spec: "if a Callee doesn't support this feature, the Dealer MUST respond to the Caller with an
    /// wamp.error.feature_not_supported error message".
    /// </summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Call_ProgressToACalleeWithoutProgressiveInvocations_AnswersFeatureNotSupported(WampSerializer serializer)
    {
        TestClient callee = _router.Join(serializer);
        TestClient caller = _router.JoinWith(serializer, ProgressiveInvocationsCaller);
        callee.RegisterOk(1, "com.myapp.upload");

        caller.Call(7, "com.myapp.upload", ["chunk 1"], options: WampValue.Map(("progress", true)));

        WampAssert.Error(caller.Single(), WampMessageType.Call, 7, "wamp.error.feature_not_supported");
        callee.AssertNothingReceived();
    }

    /// <summary>The spec: a callee announcing progressive call invocations but not call canceling does not support them.</summary>
    [Fact]
    public void Call_ProgressToACalleeWithoutCallCanceling_AnswersFeatureNotSupported()
    {
        TestClient callee = _router.JoinWith(WampSerializer.Cbor, AdvancedClient.CalleeAnnouncing("progressive_call_invocations"));
        TestClient caller = _router.JoinWith(WampSerializer.Cbor, ProgressiveInvocationsCaller);
        callee.RegisterOk(1, "com.myapp.upload");

        caller.Call(7, "com.myapp.upload", ["chunk 1"], options: WampValue.Map(("progress", true)));

        WampAssert.Error(caller.Single(), WampMessageType.Call, 7, "wamp.error.feature_not_supported");
        callee.AssertNothingReceived();
    }

    /// <summary>
    /// The spec: a CALL with progress from a caller that did not announce progressive_call_invocations "MUST be treated
    /// as a protocol error with the underlying WAMP session being aborted".
    /// </summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Call_ProgressFromACallerWithoutTheFeature_AbortsTheCaller(WampSerializer serializer)
    {
        TestClient callee = _router.JoinWith(serializer, ProgressiveInvocationsCallee);
        TestClient caller = _router.Join(serializer);
        callee.RegisterOk(1, "com.myapp.upload");

        caller.Call(7, "com.myapp.upload", ["chunk 1"], options: WampValue.Map(("progress", true)));

        WampAssert.AbortedAndClosed(caller, "wamp.error.protocol_violation");
        callee.AssertNothingReceived();
    }

    /// <summary>The spec ("Progressive Call Cancellation"): the caller leaves mid-call, the callee gets INTERRUPT killnowait.</summary>
    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Leave_CallerInTheMiddleOfAProgressiveCall_CalleeIsInterruptedWithKillNoWait(WampSerializer serializer)
    {
        TestClient callee = _router.JoinWith(serializer, ProgressiveInvocationsCallee);
        TestClient caller = _router.JoinWith(serializer, ProgressiveInvocationsCaller);
        callee.RegisterOk(1, "com.myapp.upload");
        caller.Call(7, "com.myapp.upload", ["chunk 1"], options: WampValue.Map(("progress", true)));
        ulong invocationId = callee.SingleInvocation().FirstId;

        caller.Session.OnDisconnected();

        ReceivedMessage interrupt = callee.Single();
        Assert.Equal(WampMessageType.Interrupt, interrupt.Type);
        Assert.Equal(invocationId, interrupt.FirstId);
        Assert.Equal("killnowait", interrupt.DetailsMap["mode"]);
        callee.InvocationError(invocationId, "wamp.error.canceled");
        callee.AssertNothingReceived();
    }
}
