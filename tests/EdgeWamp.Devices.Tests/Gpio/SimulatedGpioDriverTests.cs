using System.Device.Gpio;
using EdgeWamp.Devices.Gpio;

namespace EdgeWamp.Devices.Tests.Gpio;

/// <summary>The simulated chip keeps the kernel's rules, so code that works on it works on a gpiochip.</summary>
public sealed class SimulatedGpioDriverTests
{
    private readonly SimulatedGpioDriver _chip = new(lineCount: 54, label: "pinctrl-bcm2835");

    [Fact]
    public void Input_ReadsItsPull_UntilDrivenFromOutside()
    {
        using var controller = new GpioController(_chip);
        controller.OpenPin(4, PinMode.InputPullUp);
        controller.OpenPin(5, PinMode.InputPullDown);

        Assert.Equal(PinValue.High, controller.Read(4));
        Assert.Equal(PinValue.Low, controller.Read(5));
        _chip.Drive(4, PinValue.Low);
        Assert.Equal(PinValue.Low, controller.Read(4));
        _chip.Drive(4, null);
        Assert.Equal(PinValue.High, controller.Read(4));
    }

    [Fact]
    public void WritingAnInput_DoesNotDriveIt()
    {
        using var controller = new GpioController(_chip);
        controller.OpenPin(4, PinMode.Input);

        // The kernel refuses it (EPERM) and so does the chip; the controller may also stop it before the driver.
        try
        {
            controller.Write(4, PinValue.High);
        }
        catch (InvalidOperationException)
        {
        }

        Assert.Equal(PinMode.Input, _chip.ModeOf(4));
        Assert.Equal(PinValue.Low, _chip.LevelOf(4));
    }

    [Fact]
    public void Output_ReadsBackWhatWasWritten_AndDrivesTheLine()
    {
        using var controller = new GpioController(_chip);
        controller.OpenPin(17, PinMode.Output, PinValue.High);

        Assert.Equal(PinValue.High, controller.Read(17));
        controller.Write(17, PinValue.Low);
        Assert.Equal(PinValue.Low, _chip.LevelOf(17));
    }

    [Fact]
    public void Edges_FireOnlyTheRequestedKind_AndNotOnOutputs()
    {
        using var controller = new GpioController(_chip);
        controller.OpenPin(27, PinMode.InputPullUp);
        var edges = new List<PinEventTypes>();
        controller.RegisterCallbackForPinValueChangedEvent(27, PinEventTypes.Falling, (_, args) => edges.Add(args.ChangeType));

        _chip.Drive(27, PinValue.Low);
        _chip.Drive(27, PinValue.Low);
        _chip.Drive(27, PinValue.High);
        _chip.Drive(27, PinValue.Low);

        Assert.Equal([PinEventTypes.Falling, PinEventTypes.Falling], edges);
    }

    [Fact]
    public void UnrequestedOrOutOfRangeLines_AreErrors()
    {
        using var controller = new GpioController(_chip);

        Assert.ThrowsAny<Exception>(() => controller.OpenPin(54, PinMode.Input));
        Assert.False(_chip.IsOpen(3));
        Assert.Equal("pinctrl-bcm2835", _chip.GetChipInfo().Label);
    }
}
