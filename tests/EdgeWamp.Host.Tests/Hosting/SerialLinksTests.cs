using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using EdgeWamp.Host.Configuration;
using EdgeWamp.Host.Hosting;
using EdgeWamp.Protocol.Connections;
using EdgeWamp.Protocol.Serial;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router;
using EdgeWamp.Transports.Tests.Serial.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace EdgeWamp.Host.Tests.Hosting;

/// <summary>
/// End to end in one process: the configuration's serial listener wired to a real router by <see cref="SerialLinks"/>,
/// a microcontroller on a pseudo-terminal that registers a procedure and publishes, and an in-process client (a
/// JSON connection on the same router) that calls and subscribes.
/// </summary>
public sealed class SerialLinksTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("edgewamp-links-").FullName;
    private WampRouter _router = null!;
    private SerialLinks _links = null!;

    private string DevicePath => Path.Combine(_directory, "ttyESP32");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _links.StopAsync();
        _router.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("rawsocket")]
    [InlineData("cobs")]
    public async Task Device_RegistersAndPublishes_ClientCallsAndSubscribes_AcrossAResetOfTheDevice(string framing)
    {
        await StartRouter(framing);
        using var device = new Microcontroller(DevicePath, framing == "cobs" ? SerialFraming.Cobs : SerialFraming.RawSocket);
        var client = new Client(_router);
        await client.Send("""[1,"realm1",{"roles":{"caller":{},"subscriber":{}}}]""", expect: 2);
        await client.Send("""[32,1,{},"sensors.esp32.temperature"]""", expect: 33);

        for (int boot = 1; boot <= 2; boot++)
        {
            // The device (re)boots: handshake, HELLO, REGISTER.
            device.Connect(WampSerializer.Json, Timeout);
            device.Send("""[1,"realm1",{"roles":{"callee":{},"publisher":{}}}]"""u8);
            Assert.Equal(2, Json(device.Receive(Timeout))[0].GetInt32());
            device.Send("""[64,1,{},"com.esp32.add"]"""u8);
            long registration = Json(device.Receive(Timeout))[2].GetInt64();

            client.Post($$"""[48,{{boot}},{},"com.esp32.add",[{{boot}},40]]""");
            JsonElement invocation = Json(device.Receive(Timeout));
            Assert.Equal((68, registration), (invocation[0].GetInt32(), invocation[2].GetInt64()));
            int sum = invocation[4][0].GetInt32() + invocation[4][1].GetInt32();
            device.Send(Encoding.UTF8.GetBytes($"[70,{invocation[1].GetInt64()},{{}},[{sum}]]"));
            JsonElement result = await client.Next(50);
            Assert.Equal(40 + boot, result[3][0].GetInt32());

            device.Send(Encoding.UTF8.GetBytes($$"""[16,2,{},"sensors.esp32.temperature",[],{"value":{{20 + boot}}.5,"unit":"Cel"}]"""));
            JsonElement @event = await client.Next(36);
            Assert.Equal(20 + boot + 0.5, @event[5].GetProperty("value").GetDouble());
        }
    }

    [Fact]
    public async Task LineBridge_FromConfiguration_PublishesWhatTheDevicePrints()
    {
        await StartRouter("line");
        using var pty = PseudoTerminalLink.Create(DevicePath);
        var client = new Client(_router);
        await client.Send("""[1,"realm1",{"roles":{"subscriber":{}}}]""", expect: 2);
        await client.Send("""[32,1,{},"sensors.room.temperature"]""", expect: 33);

        // The router opens the device asynchronously: print until the first event arrives.
        JsonElement @event = default;
        Assert.True(SpinWait.SpinUntil(
            () =>
            {
                pty.Terminal.Write("t=21.5\r\n"u8);
                return client.TryNextWithin(36, TimeSpan.FromMilliseconds(200), out @event);
            },
            Timeout));
        Assert.Equal(294.65, @event[5].GetProperty("value").GetDouble(), 9);
        Assert.Equal("K", @event[5].GetProperty("unit").GetString());
    }

    private async Task StartRouter(string framing)
    {
        string listener = framing == "line"
            ? $$"""{ "serial": "{{DevicePath}}", "framing": "line", "authMethods": ["anonymous"], "line": { "realm": "realm1", "rules": [ { "format": "keyvalue", "topic": "sensors.room", "fields": [ { "key": "t", "quantity": "temperature", "unit": "K", "offset": 273.15 } ] } ] } }"""
            : $$"""{ "serial": "{{DevicePath}}", "baud": 115200, "framing": "{{framing}}", "authMethods": ["anonymous"] }""";
        ConfigLoadResult loaded = ConfigLoader.Load(
            $$"""
            { "realms": [ { "name": "realm1", "roles": [ { "name": "anonymous",
                "permissions": [ { "uri": "", "match": "prefix", "allow": ["call", "register", "publish", "subscribe"] } ] } ] } ],
              "authentication": { "anonymous": [ { "realm": "realm1", "role": "anonymous" } ] },
              "listeners": [ {{listener}} ] }
            """,
            "test.json");
        Assert.True(loaded.IsValid, string.Join('\n', loaded.Errors));
        _router = RouterFactory.Create(loaded.Config!, NullLogger<WampRouter>.Instance);
        _links = new SerialLinks(loaded.Config!, _router, NullLoggerFactory.Instance);
        await _links.StartAsync(CancellationToken.None);
    }

    private static JsonElement Json(byte[]? frame)
    {
        Assert.NotNull(frame);
        return JsonDocument.Parse(frame).RootElement.Clone();
    }

    /// <summary>A pty at a path, for a device that only prints lines.</summary>
    private sealed class PseudoTerminalLink : IDisposable
    {
        private readonly string _path;

        private PseudoTerminalLink(string path, PseudoTerminal terminal)
        {
            _path = path;
            Terminal = terminal;
        }

        public PseudoTerminal Terminal { get; }

        public static PseudoTerminalLink Create(string path)
        {
            PseudoTerminal terminal = PseudoTerminal.Open();
            File.CreateSymbolicLink(path, terminal.SlavePath);
            return new PseudoTerminalLink(path, terminal);
        }

        public void Dispose()
        {
            File.Delete(_path);
            Terminal.Dispose();
        }
    }

    /// <summary>An in-process JSON client on the router.</summary>
    private sealed class Client : IWampConnection
    {
        private readonly Channel<JsonElement> _received = Channel.CreateUnbounded<JsonElement>();
        private readonly EdgeWamp.Router.Sessions.WampSession _peer;

        public Client(WampRouter router) => _peer = router.OpenSession(this, AuthMethods.Anonymous);

        public WampSerializer Serializer => WampSerializer.Json;

        public string Description => "in-process client";

        public WriteResult TryWrite(ReadOnlySpan<byte> message)
        {
            _received.Writer.TryWrite(JsonDocument.Parse(message.ToArray()).RootElement.Clone());
            return WriteResult.Written;
        }

        public void Close()
        {
        }

        public void Post(string json) => _peer.Receive(Encoding.UTF8.GetBytes(json));

        public async Task<JsonElement> Send(string json, int expect)
        {
            Post(json);
            return await Next(expect);
        }

        public async Task<JsonElement> Next(int type)
        {
            using var timeout = new CancellationTokenSource(Timeout);
            while (true)
            {
                JsonElement message = await _received.Reader.ReadAsync(timeout.Token);
                if (message[0].GetInt32() == type)
                {
                    return message;
                }
            }
        }

        public bool TryNextWithin(int type, TimeSpan wait, out JsonElement message)
        {
            try
            {
                using var timeout = new CancellationTokenSource(wait);
                while (true)
                {
                    message = _received.Reader.ReadAsync(timeout.Token).AsTask().GetAwaiter().GetResult();
                    if (message[0].GetInt32() == type)
                    {
                        return true;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                message = default;
                return false;
            }
        }
    }
}
