using System.Text;
using EdgeWamp.Client;
using EdgeWamp.Host.Uplinks;
using EdgeWamp.Protocol.Serialization;
using Xunit;

namespace EdgeWamp.Host.Tests.Uplinks;

public class MqttMappingTests
{
    [Fact]
    public void ToMqtt_UriComponentsBecomeTopicLevelsUnderThePrefix() =>
        Assert.Equal("devices/pi7/sensors/env/temperature", MqttTopicMapping.ToMqtt("devices/pi7/", "sensors.env.temperature"));

    [Theory]
    [InlineData("devices/pi7/commands/led", true, "commands.led")]
    [InlineData("devices/pi8/commands/led", false, "")]
    [InlineData("devices/pi7/commands//led", false, "")]
    [InlineData("devices/pi7/commands/a.b", false, "")]
    [InlineData("devices/pi7/", false, "")]
    public void TryToWamp_MapsOnlyTopicsAWampUriCanName(string topic, bool expected, string uri)
    {
        Assert.Equal(expected, MqttTopicMapping.TryToWamp("devices/pi7/", topic, out string mapped));
        Assert.Equal(uri, mapped);
    }

    [Fact]
    public void FiltersFor_PrefixEndingInADot_IsOneMultiLevelFilter() =>
        Assert.Equal(["devices/pi7/commands/#"], MqttTopicMapping.FiltersFor("devices/pi7/", "commands."));

    [Fact]
    public void FiltersFor_PrefixOfAWholeComponent_CoversItAndBelow() =>
        Assert.Equal(["devices/pi7/commands", "devices/pi7/commands/#"], MqttTopicMapping.FiltersFor("devices/pi7/", "commands"));

    [Theory]
    [InlineData("[21.5]", null, "21.5")]
    [InlineData("[1,2]", null, "[1,2]")]
    [InlineData("[]", "{\"value\":21.5,\"unit\":\"C\"}", "{\"value\":21.5,\"unit\":\"C\"}")]
    [InlineData("[3]", "{}", "3")]
    public void ToMqtt_Json_KwargsElseTheSingleArgumentElseTheList(string arguments, string? keywords, string expected) =>
        Assert.Equal(expected, Encoding.UTF8.GetString(MqttPayloadMapping.ToMqtt(WampPayload.FromJson(arguments, keywords), raw: false)));

    [Fact]
    public void ToMqtt_Raw_SingleStringOrBytesGoAsTheirBytes()
    {
        Assert.Equal("hello"u8.ToArray(), MqttPayloadMapping.ToMqtt(WampPayload.FromArguments("hello"), raw: true));
        Assert.Equal(new byte[] { 1, 2, 255 }, MqttPayloadMapping.ToMqtt(WampPayload.FromArguments(new byte[] { 1, 2, 255 }), raw: true));
        Assert.Equal("7"u8.ToArray(), MqttPayloadMapping.ToMqtt(WampPayload.FromArguments(7), raw: true));
    }

    [Theory]
    [InlineData("{\"on\": true}", "[[],{\"on\": true}]")]  // JSON is kept byte for byte, spaces too
    [InlineData("[1, 2]", "[[1, 2]]")]
    [InlineData("42", "[[42]]")]
    [InlineData("blink", "[[\"blink\"]]")]
    [InlineData("{not json", "[[\"{not json\"]]")]
    public void ToWamp_Json_ObjectArrayScalarOrText(string message, string expected) =>
        Assert.Equal(expected, MqttPayloadMapping.ToWamp(Encoding.UTF8.GetBytes(message), raw: false).ToJson());

    [Fact]
    public void ToWamp_Raw_IsOneBinaryArgument()
    {
        WampPayload payload = MqttPayloadMapping.ToWamp([0xFF, 0x00], raw: true);

        Assert.Equal(WampSerializer.Cbor, payload.Serializer);
        Assert.Equal("[[\"\\u0000/wA=\"]]", payload.ToJson());
    }
}
