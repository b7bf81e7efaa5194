// Where `swarmbench calibrate` writes and `run` reads the hosts' raw start rate. Its own module so
// the CLI can show it in `--help` without loading the calibration code.
export const CALIBRATION_FILE = '.swarmbench/calibration.json';
