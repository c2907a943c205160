using HyperSharp.Ladder;

namespace HyperSharp.Cli.Commands;

/// <summary>
/// Turns failures into one line on stderr and an exit code, never a stack trace: 2 for bad input, 1 for anything
/// else that went wrong.
/// </summary>
internal static class Guard
{
    public const int BadInput = 2;
    public const int Failure = 1;

    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (SpecException ex)
        {
            Output.Error(ex.Message);
            return BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Output.Error(ex.Message);
            return Failure;
        }
        catch (OutOfMemoryException)
        {
            Output.Error("out of memory: try a smaller size");
            return Failure;
        }
        catch (Exception ex)
        {
            Output.Error($"{ex.GetType().Name}: {ex.Message}");
            return Failure;
        }
    }
}
