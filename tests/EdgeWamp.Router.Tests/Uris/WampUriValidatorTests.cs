using System.Text;
using EdgeWamp.Router.Uris;

namespace EdgeWamp.Router.Tests.Uris;

public sealed class WampUriValidatorTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("com.example.topic")]
    [InlineData("sensors.env.temperature")]
    [InlineData("gpio.pin_17.level")]
    [InlineData("com.example-corp.v2.get")]
    [InlineData("A.B.C")]
    [InlineData("capteurs.température")]
    [InlineData("wamp.session.on_join")]
    public void IsValid_WellFormedUri_ReturnsTrue(string uri)
    {
        Assert.True(WampUriValidator.IsValid(Encoding.UTF8.GetBytes(uri)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData(".a.b")]
    [InlineData("a.b.")]
    [InlineData("a..b")]
    [InlineData("a...b")]
    [InlineData("a b")]
    [InlineData(" a")]
    [InlineData("a ")]
    [InlineData("a\tb")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("a\fb")]
    [InlineData("a\vb")]
    [InlineData("a#b")]
    [InlineData("#")]
    [InlineData("a.#.b")]
    public void IsValid_MalformedUri_ReturnsFalse(string uri)
    {
        Assert.False(WampUriValidator.IsValid(Encoding.UTF8.GetBytes(uri)));
    }

    [Theory]
    [InlineData("wamp.session.count", true)]
    [InlineData("wamp.x", true)]
    [InlineData("wamp.", true)]
    [InlineData("wamp", false)]
    [InlineData("wampx.y", false)]
    [InlineData("com.wamp.x", false)]
    [InlineData("WAMP.x", false)]
    public void IsReserved_Uri_TrueOnlyUnderWampDot(string uri, bool expected)
    {
        Assert.Equal(expected, WampUriValidator.IsReserved(Encoding.UTF8.GetBytes(uri)));
    }
}
