using BenchmarkDotNet.Attributes;
using EdgeWamp.Protocol.Buffers;
using EdgeWamp.Protocol.Codec;
using EdgeWamp.Protocol.Messages;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router.Sessions;

namespace EdgeWamp.Benchmarks;

/// <summary>
/// Lookup cost against the number of registrations: a realm holds N registrations of one match policy and a CALL
/// matches exactly one. Each operation is a whole call through the router: CALL, INVOCATION to the callee, YIELD,
/// RESULT to the caller. The time per call should not grow with N, and nothing is allocated.
/// </summary>
[MemoryDiagnoser]
public class RegistrationLookupBenchmarks
{
    private readonly OutputBuffer _yield = new();
    private readonly byte[] _scratch = new byte[WampHeaderDecoder.ScratchLength];
    private BenchmarkRealm _realm = null!;
    private WampSession _caller = null!;
    private InMemoryConnection _callerConnection = null!;
    private WampSession _callee = null!;
    private InMemoryConnection _calleeConnection = null!;
    private byte[] _call = null!;
    private byte[] _payload = null!;

    [Params(10, 1_000, 100_000)]
    public int Registrations { get; set; }

    [Params("exact", "prefix", "wildcard")]
    public string Match { get; set; } = "exact";

    [GlobalSetup]
    public void Setup()
    {
        _realm = new BenchmarkRealm();
        (_caller, _callerConnection) = _realm.Join(WampSerializer.Cbor);
        (_callee, _calleeConnection) = _realm.Join(WampSerializer.Cbor);
        _payload = BenchmarkRealm.SensorPayload();
        byte[] options = SubscriptionLookupBenchmarks.EncodeMatchOption(Match);
        for (int i = 0; i < Registrations; i++)
        {
            string pattern = Match switch
            {
                "prefix" => $"board.p{i}.",
                "wildcard" => $"board..r{i}",
                _ => $"board.p{i}.read",
            };
            _callee.Receive(_realm.Encode(WampSerializer.Cbor, new RequestMessage
            {
                Type = WampMessageType.Register,
                RequestId = (ulong)i + 1,
                Options = new EncodedMap(WampSerializer.Cbor, options),
                Uri = System.Text.Encoding.UTF8.GetBytes(pattern),
            }));
        }

        int target = Registrations / 2;
        string procedure = Match == "wildcard" ? $"board.gpio.r{target}" : $"board.p{target}.read";
        _call = _realm.Encode(WampSerializer.Cbor, new RequestMessage
        {
            Type = WampMessageType.Call,
            RequestId = 1,
            Uri = System.Text.Encoding.UTF8.GetBytes(procedure),
            Payload = new EncodedPayload(WampSerializer.Cbor, _payload, 2),
        });

        // Check the setup: one call reaches the callee once and returns one RESULT.
        long results = _callerConnection.Messages;
        CallOnce();
        if (_callerConnection.Messages != results + 1 || !IsResult(_callerConnection.LastMessage))
        {
            throw new InvalidOperationException("the benchmark call did not complete");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _realm.Dispose();
        _yield.Dispose();
    }

    [Benchmark]
    public void CallMatchingOneOfN() => CallOnce();

    private void CallOnce()
    {
        _caller.Receive(_call);
        if (WampHeaderDecoder.TryDecode(WampSerializer.Cbor, _calleeConnection.LastMessage, _scratch, out MessageHeader invocation) != DecodeStatus.Ok
            || invocation.Type != WampMessageType.Invocation)
        {
            throw new InvalidOperationException("the callee got no INVOCATION");
        }

        _yield.Clear();
        WampEncoder.Encode(_yield, WampSerializer.Cbor, new RequestMessage
        {
            Type = WampMessageType.Yield,
            RequestId = invocation.FirstId,
            Payload = new EncodedPayload(WampSerializer.Cbor, _payload, 2),
        });
        _callee.Receive(_yield.WrittenSpan);
    }

    private bool IsResult(ReadOnlySpan<byte> message) =>
        WampHeaderDecoder.TryDecode(WampSerializer.Cbor, message, _scratch, out MessageHeader header) == DecodeStatus.Ok && header.Type == WampMessageType.Result;
}
