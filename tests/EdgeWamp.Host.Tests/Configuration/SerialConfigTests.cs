using EdgeWamp.Host.Configuration;
using Xunit;
using static EdgeWamp.Host.Tests.ConfigTestHelpers;

namespace EdgeWamp.Host.Tests.Configuration;

/// <summary><c>listeners[].serial</c> and the line bridge: the keys, their defaults, and every error with its JSON path.</summary>
public sealed class SerialConfigTests
{
    private const string Realms = """
        "realms": [ { "name": "realm1", "roles": [ { "name": "anonymous",
          "permissions": [ { "uri": "", "match": "prefix", "allow": ["call", "register", "publish", "subscribe"] } ] } ] } ],
        "authentication": { "anonymous": [ { "realm": "realm1", "role": "anonymous" } ] },
        """;

    [Fact]
    public void Load_EverySerialKey_IsAccepted()
    {
        EdgeWampConfig config = Valid($$"""
            { {{Realms}}
              "listeners": [
                { "serial": "/dev/serial/by-id/usb-Espressif_ESP32-if00", "baud": 921600, "framing": "cobs",
                  "dataBits": 8, "parity": "even", "stopBits": 2, "flowControl": "rtscts",
                  "pingIntervalMs": 5000, "pingTimeoutMs": 2000, "authMethods": ["anonymous"], "serializers": ["cbor"] },
                { "serial": "/dev/ttyUSB1", "baud": 9600, "framing": "line", "authMethods": ["anonymous"],
                  "line": { "realm": "realm1", "writeProcedure": "devices.gps.write", "lineEnding": "\r\n",
                    "rules": [
                      { "format": "nmea", "topic": "sensors.gps" },
                      { "format": "regex", "topic": "sensors.weather", "pattern": "^P:(?<p>[0-9.]+)$",
                        "fields": [ { "key": "p", "quantity": "pressure", "unit": "Pa", "scale": 100, "offset": 0.5 } ] },
                      { "format": "keyvalue", "topic": "sensors.weather",
                        "fields": [ { "key": "n", "type": "integer" }, { "key": "ok", "type": "boolean" }, { "key": "s", "type": "string" } ] } ] } } ] }
            """);

        ListenerConfig cobs = config.Listeners[0];
        Assert.Equal((921600, "cobs", 8, "even", 2, "rtscts", 5000, 2000), (cobs.Baud, cobs.Framing, cobs.DataBits, cobs.Parity, cobs.StopBits, cobs.FlowControl, cobs.PingIntervalMs, cobs.PingTimeoutMs));
        LineBridgeConfig line = config.Listeners[1].Line!;
        Assert.Equal("devices.gps.write", line.WriteProcedure);
        Assert.Equal("\r\n", line.LineEnding);
        Assert.Equal(100, line.Rules[1].Fields[0].Scale);
        Assert.Equal(0.5, line.Rules[1].Fields[0].Offset);
    }

    [Fact]
    public void Load_SerialDefaults_SuitAUsbSerialAdapter()
    {
        ListenerConfig listener = Valid($$"""{ {{Realms}} "listeners": [ { "serial": "/dev/ttyACM0", "authMethods": ["anonymous"] } ] }""").Listeners[0];
        Assert.Equal((115200, "rawsocket", 8, "none", 1, "none", 30000, 10000), (listener.Baud, listener.Framing, listener.DataBits, listener.Parity, listener.StopBits, listener.FlowControl, listener.PingIntervalMs, listener.PingTimeoutMs));
    }

    [Theory]
    [InlineData("\"baud\": 12345", "$.listeners[0].baud", "12345 is not a standard baud rate")]
    [InlineData("\"dataBits\": 9", "$.listeners[0].dataBits", "9 is out of range")]
    [InlineData("\"stopBits\": 3", "$.listeners[0].stopBits", "3 is out of range")]
    [InlineData("\"parity\": \"mark\"", "$.listeners[0].parity", "unknown parity 'mark'")]
    [InlineData("\"flowControl\": \"xonxoff\"", "$.listeners[0].flowControl", "unknown flow control 'xonxoff'")]
    [InlineData("\"pingIntervalMs\": -1", "$.listeners[0].pingIntervalMs", "-1 is out of range")]
    [InlineData("\"pingTimeoutMs\": 0", "$.listeners[0].pingTimeoutMs", "0 is out of range")]
    [InlineData("\"framing\": \"slip\"", "$.listeners[0].framing", "unknown framing 'slip'")]
    [InlineData("\"framing\": \"line\"", "$.listeners[0]", "needs a 'line' object")]
    public void Validate_BadSerialSetting_ReportsItsPath(string setting, string path, string message)
    {
        ConfigError error = Assert.Single(Errors($$"""{ {{Realms}} "listeners": [ { "serial": "/dev/ttyS0", {{setting}}, "authMethods": ["anonymous"] } ] }"""));
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"realm\": \"nowhere\", \"rules\": [ { \"format\": \"nmea\", \"topic\": \"sensors.gps\" } ]", "$.listeners[0].line.realm", "no realm named 'nowhere'")]
    [InlineData("\"realm\": \"realm1\", \"rules\": []", "$.listeners[0].line.rules", "at least one rule")]
    [InlineData("\"realm\": \"realm1\", \"writeProcedure\": \"bad uri\", \"rules\": [ { \"format\": \"nmea\", \"topic\": \"sensors.gps\" } ]", "$.listeners[0].line.writeProcedure", "whitespace")]
    [InlineData("\"realm\": \"realm1\", \"rules\": [ { \"format\": \"csv\", \"topic\": \"sensors.x\" } ]", "$.listeners[0].line.rules[0].format", "unknown format 'csv'")]
    [InlineData("\"realm\": \"realm1\", \"rules\": [ { \"format\": \"nmea\", \"topic\": \"sensors..gps\" } ]", "$.listeners[0].line.rules[0].topic", "must not be empty")]
    [InlineData("\"realm\": \"realm1\", \"rules\": [ { \"format\": \"regex\", \"topic\": \"sensors.x\" } ]", "$.listeners[0].line.rules[0]", "needs a 'pattern'")]
    [InlineData("\"realm\": \"realm1\", \"rules\": [ { \"format\": \"regex\", \"topic\": \"sensors.x\", \"pattern\": \"(?<a>[0-9\" } ]", "$.listeners[0].line.rules[0].pattern", "not a valid regular expression")]
    [InlineData("\"realm\": \"realm1\", \"rules\": [ { \"format\": \"regex\", \"topic\": \"sensors.x\", \"pattern\": \"(?<a>[0-9]+)\", \"fields\": [ { \"key\": \"b\" } ] } ]", "$.listeners[0].line.rules[0].fields[0].key", "no group named 'b'")]
    [InlineData("\"realm\": \"realm1\", \"rules\": [ { \"format\": \"keyvalue\", \"topic\": \"sensors.x\", \"pattern\": \"x\" } ]", "$.listeners[0].line.rules[0].pattern", "only valid with format 'regex'")]
    [InlineData("\"realm\": \"realm1\", \"rules\": [ { \"format\": \"keyvalue\", \"topic\": \"sensors.x\", \"fields\": [ { \"key\": \"n\", \"type\": \"integer\", \"scale\": 2 } ] } ]", "$.listeners[0].line.rules[0].fields[0].type", "apply only to type 'number'")]
    [InlineData("\"realm\": \"realm1\", \"rules\": [ { \"format\": \"keyvalue\", \"topic\": \"sensors.x\", \"fields\": [ { \"key\": \"n\", \"type\": \"float\" } ] } ]", "$.listeners[0].line.rules[0].fields[0].type", "unknown type 'float'")]
    [InlineData("\"realm\": \"realm1\", \"rules\": [ { \"format\": \"keyvalue\", \"topic\": \"sensors.x\", \"fields\": [ { \"key\": \"a b\" } ] } ]", "$.listeners[0].line.rules[0].fields[0].key", "whitespace")]
    public void Validate_BadLineBridge_ReportsItsPath(string line, string path, string message)
    {
        ConfigError error = Assert.Single(Errors($$"""{ {{Realms}} "listeners": [ { "serial": "/dev/ttyS0", "framing": "line", "authMethods": ["anonymous"], "line": { {{line}} } } ] }"""));
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LineOnAWampFramingOrOnTcp_IsAnError()
    {
        const string line = """ "line": { "realm": "realm1", "rules": [ { "format": "nmea", "topic": "sensors.gps" } ] } """;
        IReadOnlyList<ConfigError> errors = Errors($$"""
            { {{Realms}} "listeners": [
                { "serial": "/dev/ttyS0", "framing": "cobs", "authMethods": ["anonymous"], {{line}} },
                { "tcp": "127.0.0.1:8080", "authMethods": ["anonymous"], {{line}} } ] }
            """);
        Assert.Equal(["$.listeners[0].line", "$.listeners[1].line"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Load_ScaleThatIsNotANumber_IsReportedWithLineAndColumn()
    {
        string message = SingleError(
            $$"""
            { {{Realms}} "listeners": [ { "serial": "/dev/ttyS0", "framing": "line", "authMethods": ["anonymous"],
              "line": { "realm": "realm1", "rules": [ { "format": "keyvalue", "topic": "sensors.x", "fields": [
                { "key": "t", "scale": "ten" } ] } ] } } ] }
            """,
            "$.listeners[0].line.rules[0].fields[0].scale",
            5,
            28);
        Assert.Contains("expected a number", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownKeyInARule_IsReported()
    {
        ConfigError error = Assert.Single(Errors($$"""
            { {{Realms}} "listeners": [ { "serial": "/dev/ttyS0", "framing": "line", "authMethods": ["anonymous"],
              "line": { "realm": "realm1", "rules": [ { "format": "nmea", "topic": "sensors.gps", "units": "si" } ] } } ] }
            """));
        Assert.Equal("$.listeners[0].line.rules[0].units", error.Path);
    }
}
