// The port contracts against the simulator's in-process adapters.
import { cloudContract } from './cloud-contract.js';
import { kubeContract } from './kube-contract.js';
import { inProcess } from './worlds.js';

kubeContract('simulator in process', inProcess);
cloudContract('simulator in process', inProcess);
