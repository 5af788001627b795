using PxlScheduler;
using PxlScheduler.Commands;
using PxlScheduler.Core.Configuration;

return await Cli.RunAsync(args, new CliContext(Workspace.Current(), Console.Out, Console.Error));
