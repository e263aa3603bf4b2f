using EdgeWamp.Host.Configuration;
using Xunit;

namespace EdgeWamp.Host.Tests.Configuration;

public sealed class OctalModeTests
{
    [Theory]
    [InlineData("0660", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite)]
    [InlineData("600", UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    [InlineData("0777", (UnixFileMode)0x1FF)]
    [InlineData("1777", (UnixFileMode)0x3FF)]
    [InlineData("000", UnixFileMode.None)]
    public void TryParse_OctalDigits_GivesTheMode(string text, UnixFileMode expected)
    {
        Assert.True(OctalMode.TryParse(text, out var mode));

        Assert.Equal(expected, mode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("66")]
    [InlineData("06600")]
    [InlineData("0668")]
    [InlineData("0x1B6")]
    [InlineData(" 660")]
    public void TryParse_NotThreeOrFourOctalDigits_Fails(string text)
    {
        Assert.False(OctalMode.TryParse(text, out _));
    }

    [Fact]
    public void Format_Mode_GivesFourOctalDigits()
    {
        Assert.Equal("0640", OctalMode.Format(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead));
    }
}
