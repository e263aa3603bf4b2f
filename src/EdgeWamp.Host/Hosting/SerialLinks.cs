using System.Text.RegularExpressions;
using EdgeWamp.Devices.Lines;
using EdgeWamp.Host.Configuration;
using EdgeWamp.Protocol.Serial;
using EdgeWamp.Protocol.Serialization;
using EdgeWamp.Router;
using EdgeWamp.Transports.Serial;
using Microsoft.Extensions.Logging;

namespace EdgeWamp.Host.Hosting;

/// <summary>
/// The configured <c>serial</c> listeners: a <see cref="SerialListener"/> for the <c>rawsocket</c> and <c>cobs</c>
/// framings (the device is a WAMP peer), or a <see cref="SerialLineListener"/> and a <see cref="LineBridge"/> for
/// <c>line</c> (docs/serial.md). A device that is absent at start is not an error: it is opened when it appears.
/// </summary>
internal sealed class SerialLinks
{
    // A line is at most 1 KiB: a rule's expression that backtracks longer than this on one is cut off.
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    private readonly EdgeWampConfig _config;
    private readonly WampRouter _router;
    private readonly ILogger _transportLogger;
    private readonly ILogger _devicesLogger;
    private readonly List<SerialListener> _listeners = [];
    private readonly List<(SerialLineListener Port, LineBridge Bridge)> _bridges = [];

    public SerialLinks(EdgeWampConfig config, WampRouter router, ILoggerFactory loggerFactory)
    {
        _config = config;
        _router = router;
        _transportLogger = loggerFactory.CreateLogger("EdgeWamp.Transports");
        _devicesLogger = loggerFactory.CreateLogger("EdgeWamp.Devices");
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (ListenerConfig listener in _config.Listeners)
        {
            if (listener.Serial is null)
            {
                continue;
            }

            AuthMethods authMethods = RouterFactory.ParseAuthMethods(listener.AuthMethods);
            if (listener.Line is { } line)
            {
                await StartLineBridgeAsync(listener, line, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var serial = new SerialListener(CreateOptions(listener), new ListenerPeerFactory(_router, authMethods), _transportLogger);
            serial.Start();
            _listeners.Add(serial);
        }
    }

    /// <summary>Ends each device's session and closes each device (after the router's GOODBYE went out).</summary>
    public async Task StopAsync()
    {
        foreach (SerialListener listener in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        foreach ((SerialLineListener port, LineBridge bridge) in _bridges)
        {
            await port.DisposeAsync().ConfigureAwait(false);
            await bridge.DisposeAsync().ConfigureAwait(false);
        }

        _listeners.Clear();
        _bridges.Clear();
    }

    private async Task StartLineBridgeAsync(ListenerConfig listener, LineBridgeConfig line, CancellationToken cancellationToken)
    {
        var connector = new LineBridgeConnector();
        var port = new SerialLineListener(
            new SerialLineListenerOptions { Port = CreatePort(listener), LineEnding = line.LineEnding },
            connector,
            _transportLogger);
        var bridge = new LineBridge(CreateBridgeOptions(listener.Serial!, line), connector, TimeProvider.System, _devicesLogger);
        connector.Port = port;
        connector.Bridge = bridge;
        _bridges.Add((port, bridge));
        try
        {
            // The bridge is the router's own component: it joins as trusted, not with the serial listener's methods.
            await bridge.StartAsync(_router, AuthMethods.Trusted, cancellationToken, line.Authrole).ConfigureAwait(false);
        }
        catch (InvalidOperationException exception)
        {
            // The router refused the bridge's session (its authrole is not a role of the realm).
            throw new ListenerStartException($"line bridge on {listener.Serial}: {exception.Message}", exception);
        }

        port.Start();
    }

    private SerialListenerOptions CreateOptions(ListenerConfig listener) => new()
    {
        Port = CreatePort(listener),
        Framing = listener.Framing == ConfigVocabulary.FramingCobs ? SerialFraming.Cobs : SerialFraming.RawSocket,
        Serializers = listener.Serializers.Select(ParseSerializer).ToList(),
        MaxMessageSize = _config.Limits.MaxMessageSize,
        MaxOutboxBytes = (int)Math.Min(_config.Limits.MaxOutboxBytes, int.MaxValue),
        PingInterval = TimeSpan.FromMilliseconds(listener.PingIntervalMs),
        PingTimeout = TimeSpan.FromMilliseconds(listener.PingTimeoutMs),
    };

    private static SerialPortSettings CreatePort(ListenerConfig listener) => new()
    {
        Device = listener.Serial!,
        Baud = listener.Baud,
        DataBits = listener.DataBits,
        Parity = listener.Parity switch
        {
            ConfigVocabulary.ParityEven => SerialParity.Even,
            ConfigVocabulary.ParityOdd => SerialParity.Odd,
            _ => SerialParity.None,
        },
        StopBits = listener.StopBits,
        FlowControl = listener.FlowControl == ConfigVocabulary.FlowControlRtsCts ? SerialFlowControl.RtsCts : SerialFlowControl.None,
    };

    private static LineBridgeOptions CreateBridgeOptions(string device, LineBridgeConfig line) => new()
    {
        Name = device,
        Realm = line.Realm,
        WriteProcedure = line.WriteProcedure,
        Rules = line.Rules.Select(rule => new LineRule
        {
            Format = rule.Format switch
            {
                ConfigVocabulary.LineFormatRegex => LineFormat.Regex,
                ConfigVocabulary.LineFormatNmea => LineFormat.Nmea,
                _ => LineFormat.KeyValue,
            },
            Topic = rule.Topic,
            Pattern = rule.Pattern is null ? null : new Regex(rule.Pattern, RegexOptions.CultureInvariant, RegexTimeout),
            Fields = rule.Fields.Select(field => new LineField
            {
                Key = field.Key,
                Quantity = field.Quantity,
                Type = field.Type switch
                {
                    ConfigVocabulary.FieldInteger => LineValueType.Integer,
                    ConfigVocabulary.FieldBoolean => LineValueType.Boolean,
                    ConfigVocabulary.FieldString => LineValueType.String,
                    _ => LineValueType.Number,
                },
                Unit = field.Unit,
                Scale = field.Scale,
                Offset = field.Offset,
            }).ToList(),
        }).ToList(),
    };

    private static WampSerializer ParseSerializer(string name) => name switch
    {
        ConfigVocabulary.SerializerJson => WampSerializer.Json,
        ConfigVocabulary.SerializerMsgPack => WampSerializer.MsgPack,
        ConfigVocabulary.SerializerUbJson => WampSerializer.UbJson,
        _ => WampSerializer.Cbor,
    };
}
