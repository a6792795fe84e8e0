import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Applied to the login route only, with the login limits (`@SkipThrottle` leaves the others out). */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {}
