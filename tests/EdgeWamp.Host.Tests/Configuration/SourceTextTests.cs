using System.Text;
using EdgeWamp.Host.Configuration;
using Xunit;

namespace EdgeWamp.Host.Tests.Configuration;

public sealed class SourceTextTests
{
    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(2, 1, 3)]
    [InlineData(3, 1, 4)] // The '\n' itself is the last column of its line.
    [InlineData(4, 2, 1)]
    [InlineData(6, 2, 3)] // A '\r' before '\n' is an ordinary column.
    [InlineData(8, 3, 1)] // An empty line.
    [InlineData(9, 4, 1)]
    [InlineData(11, 4, 3)]
    public void GetPosition_Offset_GivesOneBasedLineAndColumn(int offset, int line, int column)
    {
        var text = new SourceText(Encoding.UTF8.GetBytes("abc\nde\r\n\nfg"));

        Assert.Equal(new TextPosition(line, column), text.GetPosition(offset));
    }

    [Fact]
    public void GetPosition_AfterMultiByteCharacters_CountsCodePoints()
    {
        // "ü" is 2 bytes and "😀" 4 bytes in UTF-8; each is one column.
        var bytes = Encoding.UTF8.GetBytes("ü😀x");

        var position = new SourceText(bytes).GetPosition(6);

        Assert.Equal(new TextPosition(1, 3), position);
    }

    [Fact]
    public void GetPosition_BeyondTheEnd_ClampsToTheEnd()
    {
        Assert.Equal(new TextPosition(2, 2), new SourceText("a\nb"u8.ToArray()).GetPosition(99));
    }

    [Fact]
    public void GetOffset_LineAndBytePosition_GivesTheByteOffset()
    {
        var text = new SourceText("ab\ncd\nef"u8.ToArray());

        Assert.Equal(7, text.GetOffset(2, 1));
    }

    [Fact]
    public void GetOffset_LinePastTheEnd_GivesTheLength()
    {
        Assert.Equal(3, new SourceText("a\nb"u8.ToArray()).GetOffset(5, 0));
    }
}
