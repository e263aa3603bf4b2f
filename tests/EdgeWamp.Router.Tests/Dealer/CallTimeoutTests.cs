using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Tests.Testing;

namespace EdgeWamp.Router.Tests.Dealer;

/// <summary>
/// Call timeouts (WAMP spec, Advanced Profile, "Call Timeouts"): CALL.Options.timeout in ms, enforced by the dealer on a
/// <see cref="ManualTimeProvider"/>. When it runs out, the caller gets ERROR wamp.error.timeout and a callee that
/// announced call_canceling gets INTERRUPT with mode killnowait.
/// </summary>
public sealed class CallTimeoutTests : IDisposable
{
    private const string Procedure = "com.myapp.slow";

    private readonly ManualTimeProvider _time = new();
    private readonly TestRouter _router;

    public CallTimeoutTests()
    {
        _router = new TestRouter(_time);
    }

    public void Dispose() => _router.Dispose();

    private static Dictionary<string, object?> CancelingCallee => AdvancedClient.CalleeAnnouncing("call_canceling");

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Call_TimeoutRunsOut_CallerGetsTimeoutAndTheCalleeIsInterrupted(WampSerializer serializer)
    {
        (TestClient caller, TestClient callee) = Join(serializer, CancelingCallee);

        caller.Call(3, Procedure, ["Hello"], options: WampValue.Map(("timeout", 1500)));
        ulong invocationId = callee.SingleInvocation().FirstId;
        _time.Advance(TimeSpan.FromMilliseconds(1499));
        caller.AssertNothingReceived();
        callee.AssertNothingReceived();
        _time.Advance(TimeSpan.FromMilliseconds(1));

        WampAssert.Message(caller.Single(), 8, 48, 3, WampValue.Map(), "wamp.error.timeout");
        ReceivedMessage interrupt = callee.Single();
        Assert.Equal(WampMessageType.Interrupt, interrupt.Type);
        Assert.Equal(invocationId, interrupt.FirstId);
        Assert.Equal("killnowait", interrupt.DetailsMap["mode"]);
        callee.Yield(invocationId, ["late"]);
        callee.InvocationError(invocationId, "wamp.error.canceled");
        caller.AssertNothingReceived();
    }

    [Fact]
    public void Call_TimeoutRunsOut_InterruptGivesTheTimeoutAsReason()
    {
        (TestClient caller, TestClient callee) = Join(WampSerializer.Json, CancelingCallee);
        caller.Call(3, Procedure, options: WampValue.Map(("timeout", 100)));
        ulong invocationId = callee.SingleInvocation().FirstId;

        _time.Advance(TimeSpan.FromSeconds(1));

        WampAssert.Message(callee.Single(), 69, invocationId, WampValue.Map(("mode", "killnowait"), ("reason", "wamp.error.timeout")));
        WampAssert.Error(caller.Single(), WampMessageType.Call, 3, "wamp.error.timeout");
    }

    [Theory]
    [MemberData(nameof(Serializers.All), MemberType = typeof(Serializers))]
    public void Call_ResultBeforeTheTimeout_IsDeliveredAndNothingIsCanceledLater(WampSerializer serializer)
    {
        (TestClient caller, TestClient callee) = Join(serializer, CancelingCallee);
        caller.Call(3, Procedure, options: WampValue.Map(("timeout", 1000)));
        ulong invocationId = callee.SingleInvocation().FirstId;
        _time.Advance(TimeSpan.FromMilliseconds(999));

        callee.Yield(invocationId, ["in time"]);

        WampAssert.Message(caller.Single(), 50, 3, WampValue.Map(), new object?[] { "in time" });
        _time.Advance(TimeSpan.FromSeconds(10));
        caller.AssertNothingReceived();
        callee.AssertNothingReceived();
    }

    [Fact]
    public void Call_ErrorBeforeTheTimeout_IsDeliveredAndNothingIsCanceledLater()
    {
        (TestClient caller, TestClient callee) = Join(WampSerializer.Cbor, CancelingCallee);
        caller.Call(3, Procedure, options: WampValue.Map(("timeout", 1000)));
        ulong invocationId = callee.SingleInvocation().FirstId;

        callee.InvocationError(invocationId, "com.myapp.failed");

        WampAssert.Error(caller.Single(), WampMessageType.Call, 3, "com.myapp.failed");
        _time.Advance(TimeSpan.FromSeconds(10));
        caller.AssertNothingReceived();
        callee.AssertNothingReceived();
    }

    [Fact]
    public void Call_TimeoutToACalleeWithoutCallCanceling_CallerGetsTimeoutAndTheCalleeNothing()
    {
        (TestClient caller, TestClient callee) = Join(WampSerializer.MsgPack, TestClient.DefaultHelloDetails());
        caller.Call(3, Procedure, options: WampValue.Map(("timeout", 500)));
        ulong invocationId = callee.SingleInvocation().FirstId;

        _time.Advance(TimeSpan.FromMilliseconds(500));

        WampAssert.Error(caller.Single(), WampMessageType.Call, 3, "wamp.error.timeout");
        callee.AssertNothingReceived();
        callee.Yield(invocationId, ["late"]);
        caller.AssertNothingReceived();
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    public void Call_WithoutTimeout_NeverTimesOut(int? timeout)
    {
        (TestClient caller, TestClient callee) = Join(WampSerializer.Cbor, CancelingCallee);
        caller.Call(3, Procedure, options: timeout is null ? null : WampValue.Map(("timeout", timeout)));
        ulong invocationId = callee.SingleInvocation().FirstId;

        _time.Advance(TimeSpan.FromDays(1));

        caller.AssertNothingReceived();
        callee.AssertNothingReceived();
        callee.Yield(invocationId, ["eventually"]);
        caller.SingleResult(3);
    }

    /// <summary>
    /// CALL.Options.timeout is any non-negative integer (ms) the caller chooses: one beyond what a TimeSpan holds
    /// (about 29,000 years) must not break routing; the call simply does not time out in any observable time.
    /// </summary>
    [Theory]
    [InlineData(1UL << 53)]
    [InlineData(ulong.MaxValue)]
    [InlineData(1_000_000_000_000_000UL)]
    public void Call_TimeoutBeyondTheClocksRange_IsRoutedAndDoesNotTimeOut(ulong timeout)
    {
        (TestClient caller, TestClient callee) = Join(WampSerializer.Cbor, CancelingCallee);

        caller.Call(3, Procedure, options: WampValue.Map(("timeout", timeout)));

        ulong invocationId = callee.SingleInvocation().FirstId;
        _time.Advance(TimeSpan.FromDays(365));
        caller.AssertNothingReceived();
        callee.Yield(invocationId, ["eventually"]);
        caller.SingleResult(3);
    }

    /// <summary>
    /// On a clock with the system's timestamp frequency on Linux (1 GHz, counting from boot), a timeout of about 317
    /// years (10^13 ms) fits a TimeSpan but not a count of timestamp ticks added to the current timestamp. That one call
    /// must neither time out early nor keep the other calls of the realm from timing out on time.
    /// </summary>
    [Fact]
    public void Call_TimeoutOfCenturiesOnANanosecondClock_OtherCallsStillTimeOutOnTime()
    {
        var nanosecondClock = new ManualTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), timestampFrequency: 1_000_000_000);
        using var router = new TestRouter(nanosecondClock);
        nanosecondClock.Advance(TimeSpan.FromHours(1)); // Stopwatch timestamps count from boot, not from 0
        TestClient callee = router.JoinWith(WampSerializer.Cbor, CancelingCallee);
        TestClient caller = router.Join(WampSerializer.Cbor);
        callee.RegisterOk(1, Procedure);

        caller.Call(3, Procedure, options: WampValue.Map(("timeout", 10_000_000_000_000UL)));
        ulong patient = callee.SingleInvocation().FirstId;
        caller.Call(4, Procedure, options: WampValue.Map(("timeout", 1000)));
        ulong hasty = callee.SingleInvocation().FirstId;
        nanosecondClock.Advance(TimeSpan.FromMilliseconds(999));
        caller.AssertNothingReceived();
        nanosecondClock.Advance(TimeSpan.FromMilliseconds(1));

        WampAssert.Error(caller.Single(), WampMessageType.Call, 4, "wamp.error.timeout");
        Assert.Equal(hasty, callee.Single().FirstId);
        callee.Yield(patient, ["eventually"]);
        caller.SingleResult(3);
    }

    [Fact]
    public void Call_SeveralTimeouts_EachCallTimesOutAtItsOwnDeadline()
    {
        (TestClient caller, TestClient callee) = Join(WampSerializer.Cbor, CancelingCallee);
        caller.Call(1, Procedure, options: WampValue.Map(("timeout", 3000)));
        ulong first = callee.SingleInvocation().FirstId;
        _time.Advance(TimeSpan.FromMilliseconds(500));
        caller.Call(2, Procedure, options: WampValue.Map(("timeout", 1000)));
        ulong second = callee.SingleInvocation().FirstId;
        caller.Call(3, Procedure, options: WampValue.Map(("timeout", 5000)));
        ulong third = callee.SingleInvocation().FirstId;

        _time.Advance(TimeSpan.FromMilliseconds(1000)); // t = 1500: the second call (due at 1500) times out
        WampAssert.Error(caller.Single(), WampMessageType.Call, 2, "wamp.error.timeout");
        Assert.Equal(second, callee.Single().FirstId);

        _time.Advance(TimeSpan.FromMilliseconds(1499)); // t = 2999
        caller.AssertNothingReceived();
        _time.Advance(TimeSpan.FromMilliseconds(1)); // t = 3000: the first
        WampAssert.Error(caller.Single(), WampMessageType.Call, 1, "wamp.error.timeout");
        Assert.Equal(first, callee.Single().FirstId);

        callee.Yield(third, ["third in time"]);
        caller.SingleResult(3);
        _time.Advance(TimeSpan.FromSeconds(10));
        caller.AssertNothingReceived();
        callee.AssertNothingReceived();
    }

    [Fact]
    public void Call_TwoCallsWithTheSameDeadline_BothTimeOutInOneTick()
    {
        (TestClient caller, TestClient callee) = Join(WampSerializer.Json, CancelingCallee);
        caller.Call(1, Procedure, options: WampValue.Map(("timeout", 200)));
        caller.Call(2, Procedure, options: WampValue.Map(("timeout", 200)));
        Assert.Equal(2, callee.TakeAll().Count);

        _time.Advance(TimeSpan.FromMilliseconds(200));

        Assert.Equal(new HashSet<ulong> { 1, 2 }, caller.TakeAll().Select(error => error.FirstId).ToHashSet());
        Assert.Equal(2, callee.TakeAll().Count(m => m.Type == WampMessageType.Interrupt));
    }

    [Fact]
    public void Call_CanceledBeforeTheTimeout_TheTimeoutAddsNothing()
    {
        (TestClient caller, TestClient callee) = Join(WampSerializer.Cbor, CancelingCallee);
        caller.Call(3, Procedure, options: WampValue.Map(("timeout", 1000)));
        callee.SingleInvocation();
        caller.Cancel(3, "killnowait");
        WampAssert.Error(caller.Single(), WampMessageType.Call, 3, "wamp.error.canceled");
        Assert.Equal(WampMessageType.Interrupt, callee.Single().Type);

        _time.Advance(TimeSpan.FromSeconds(2));

        caller.AssertNothingReceived();
        callee.AssertNothingReceived();
    }

    [Fact]
    public void Call_TimeoutWithProgressiveResults_ProgressStopsAtTheTimeout()
    {
        (TestClient caller, TestClient callee) = Join(WampSerializer.Cbor, AdvancedClient.CalleeAnnouncing("call_canceling", "progressive_call_results"));
        caller.Call(3, Procedure, options: WampValue.Map(("timeout", 1000), ("receive_progress", true)));
        ulong invocationId = callee.SingleInvocation().FirstId;
        callee.YieldProgress(invocationId, [1]);
        Assert.Equal(WampMessageType.Result, caller.Single().Type);

        _time.Advance(TimeSpan.FromSeconds(1));

        WampAssert.Error(caller.Single(), WampMessageType.Call, 3, "wamp.error.timeout");
        Assert.Equal(WampMessageType.Interrupt, callee.Single().Type);
        callee.YieldProgress(invocationId, [2]);
        caller.AssertNothingReceived();
    }

    [Fact]
    public void Leave_CalleeBeforeTheTimeout_CallerGetsCanceledOnceAndNoTimeoutLater()
    {
        (TestClient caller, TestClient callee) = Join(WampSerializer.Cbor, CancelingCallee);
        caller.Call(3, Procedure, options: WampValue.Map(("timeout", 1000)));
        callee.SingleInvocation();

        callee.Session.OnDisconnected();
        WampAssert.Error(caller.Single(), WampMessageType.Call, 3, "wamp.error.canceled");
        _time.Advance(TimeSpan.FromSeconds(2));

        caller.AssertNothingReceived();
    }

    private (TestClient Caller, TestClient Callee) Join(WampSerializer serializer, Dictionary<string, object?> calleeHello)
    {
        TestClient callee = _router.JoinWith(serializer, calleeHello);
        TestClient caller = _router.Join(serializer);
        callee.RegisterOk(1, Procedure);
        return (caller, callee);
    }
}
